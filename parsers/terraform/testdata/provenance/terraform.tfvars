stage = "Prod"
