"""Accounts shared by every page package: users and log-in sessions, passwords,
reset links, and who may do what. Layer 3 (see DESIGN.md "Layers")."""
