"""Research code: evaluations, training of the packaged heads, and the agent's evaluation.

Everything here measures or produces what the runtime packages (core, data, extractors, graph, agent, ui) use:
the labelled-dataset readers and metrics, the evaluation CLIs and their reports, the training CLIs that write
the heads under extractors/*/heads/, the agent's question suites and scoring. Research imports the runtime
packages; the runtime packages never import research (a piece both need lives on the runtime side).
"""
