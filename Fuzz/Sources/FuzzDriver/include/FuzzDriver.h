// Entry points for the fuzz executables; see FuzzDriver.c.
