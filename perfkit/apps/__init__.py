"""What a person runs: the command line and the notebook plan designer."""
