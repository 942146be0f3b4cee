// Package servers is the operators model of Duplex: preset operators and
// their servers, "your servers", the per-install random preset subset,
// merging presets on upgrade, validation, usage conditions, and the
// server selection rules of the SimpleX agent.
package servers
