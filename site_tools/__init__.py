"""The site machinery shared by the hooks, the tests and the benchmarks (README, "Layout")."""
