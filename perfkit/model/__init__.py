"""The agent model: population, funnel, behaviour (one solve recipe) and scale."""
