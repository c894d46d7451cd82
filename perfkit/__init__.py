"""perfkit."""
