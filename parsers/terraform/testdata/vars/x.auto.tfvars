c = "x-auto-c"
d = "x-auto-d"
