"""Graphviz views of the registry: graph (+ analysis results, options) in, `graphviz.Digraph`
out. Never touches the database. Styles and the legend live in `visualize.style`; rendering to
SVG, PNG or PDF is `visualize.render`, separate, so DOT works where `dot` is missing."""
