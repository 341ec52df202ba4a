lambdas = {
  orders = { route = "GET /orders" }
}
