"""What the app changes in NiceGUI itself. `fixes/` holds the changes that correctness or security need; they
are always on, and the app refuses to start when one of them no longer fits NiceGUI's code."""
