# Module directory for the function tests.
