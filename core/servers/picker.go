package servers

import (
	"io"

	"duplex/net/smp"
)

// AgentPicker adapts a Selector to core/agent's ServerPicker
// (Pick(used) for a new receive queue). Rand is the agent's randomness.
type AgentPicker struct {
	Sel  *Selector
	Rand io.Reader
}

// Pick chooses the server for a new receive queue of a connection whose
// queues use the servers in used (PickSMPStorage, with basic auth).
func (p AgentPicker) Pick(used []smp.ServerAddress) (smp.ServerAddress, error) {
	us := make([]smp.Server, len(used))
	for i, u := range used {
		us[i] = u.Server
	}
	return p.Sel.PickSMPStorageAddress(us, p.Rand)
}
