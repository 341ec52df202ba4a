lambdas = {
  users = { route = "GET /users" }
}
