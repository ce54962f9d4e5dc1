// What is in the graph
// The labels and relationship types, drawn as one small graph.
CALL db.schema.visualization()
