"""Training labs: a catalogue of broken servers with tickets, hints and solutions; sessions
saved to a workspace file; grading that asks the server itself whether the lab is solved."""
