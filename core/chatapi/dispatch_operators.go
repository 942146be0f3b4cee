package chatapi

import (
	"context"
	"encoding/json"
	"strings"

	"duplex/core/api"
)

// handleOperators runs the operators, servers, conditions and network
// commands; ok is false for any other command.
func (h *Handler) handleOperators(ctx context.Context, cmd Command) (resp Response, err error, ok bool) {
	c := h.Client
	switch cmd := cmd.(type) {
	case APIGetServerOperators:
		resp, err = h.operatorConditions(ctx)
	case APISetServerOperators:
		resp, err = h.setOperators(ctx, cmd)
	case APIGetUserServers:
		resp, err = h.userServers(ctx, cmd.UserID)
	case APISetUserServers:
		resp, err = h.setUserServers(ctx, cmd)
	case APIGetUsageConditions:
		var info api.ConditionsInfo
		if info, err = c.Conditions(ctx); err == nil {
			resp = &UsageConditionsResponse{UsageConditions: ConditionsFromAPI(info.Current)}
		}
	case APISetConditionsNotified:
		if err = c.SetConditionsNotified(ctx, api.ConditionsID(cmd.ConditionsID)); err == nil {
			resp = &CmdOk{}
		}
	case APIAcceptConditions:
		ids := make([]api.OperatorID, len(cmd.OperatorIDs))
		for i, id := range cmd.OperatorIDs {
			ids[i] = api.OperatorID(id)
		}
		if err = c.AcceptConditions(ctx, api.ConditionsID(cmd.ConditionsID), ids...); err == nil {
			resp, err = h.operatorConditions(ctx)
		}
	case APIGetNetworkConfig:
		var cur api.NetworkConfig
		if cur, err = c.Network(ctx); err == nil {
			resp = &NetworkConfigResponse{NetworkConfig: NetworkFromAPI(cur)}
		}
	case APISetNetworkConfig:
		var n NetworkConfig
		if err = json.Unmarshal(cmd.Config, &n); err != nil {
			return nil, cmdErr("invalid NetworkConfig JSON: " + err.Error()), true
		}
		resp, err = h.setNetwork(ctx, func(cur api.NetworkConfig) (api.NetworkConfig, error) { return NetworkToAPI(n, cur) })
		if err == nil {
			resp = &CmdOk{}
		}
	case SetNetworkConfig:
		resp, err = h.setNetwork(ctx, cmd.Apply)
	default:
		return nil, nil, false
	}
	return resp, err, true
}

func (h *Handler) operatorConditions(ctx context.Context) (Response, error) {
	info, err := h.Client.Conditions(ctx)
	if err != nil {
		return nil, err
	}
	return &ServerOperatorConditionsResponse{Conditions: OperatorConditionsFromAPI(info)}, nil
}

// setNetwork reads the configuration, changes it with f and saves it.
func (h *Handler) setNetwork(ctx context.Context, f func(api.NetworkConfig) (api.NetworkConfig, error)) (Response, error) {
	cur, err := h.Client.Network(ctx)
	if err != nil {
		return nil, err
	}
	cfg, err := f(cur)
	if err != nil {
		return nil, cmdErr(err.Error())
	}
	if err := cfg.Validate(); err != nil {
		return nil, cmdErr(err.Error())
	}
	if err := h.Client.SetNetwork(ctx, cfg); err != nil {
		return nil, err
	}
	return &NetworkConfigResponse{NetworkConfig: NetworkFromAPI(cfg)}, nil
}

// setOperators applies each operator's enabled flag and roles. Operators
// are global in Duplex as upstream; the active profile is the one whose
// servers the change is checked against.
func (h *Handler) setOperators(ctx context.Context, cmd APISetServerOperators) (Response, error) {
	var ops []ServerOperator
	if err := json.Unmarshal(cmd.Operators, &ops); err != nil {
		return nil, cmdErr("invalid ServerOperator JSON: " + err.Error())
	}
	if len(ops) == 0 {
		return nil, cmdErr("no operators given")
	}
	u, err := h.activeUser(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range ops {
		if err := h.setOperator(ctx, u.ID, o); err != nil {
			return nil, err
		}
	}
	return h.operatorConditions(ctx)
}

func (h *Handler) setOperator(ctx context.Context, p api.ProfileID, o ServerOperator) error {
	roles := api.OperatorRoles{SMP: api.Roles{Storage: o.SMPRoles.Storage, Proxy: o.SMPRoles.Proxy},
		XFTP: api.Roles{Storage: o.XFTPRoles.Storage, Proxy: o.XFTPRoles.Proxy}}
	_, err := h.Client.SetOperator(ctx, p, api.OperatorID(o.OperatorID), o.Enabled, roles)
	return err
}

// userServers groups the profile's servers by operator (in operator
// order), the user's own last, as upstream's UserOperatorServers.
func (h *Handler) userServers(ctx context.Context, userID int64) (Response, error) {
	u, err := h.user(ctx, userID)
	if err != nil {
		return nil, err
	}
	ss, err := h.Client.Servers(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	info, err := h.Client.Conditions(ctx)
	if err != nil {
		return nil, err
	}
	groups := map[string]*UserOperatorServers{}
	var out []UserOperatorServers
	for _, o := range info.Operators {
		so := OperatorFromAPI(o)
		out = append(out, UserOperatorServers{Operator: &so, SMPServers: []UserServer{}, XFTPServers: []UserServer{}})
	}
	out = append(out, UserOperatorServers{SMPServers: []UserServer{}, XFTPServers: []UserServer{}})
	for i := range out {
		name := ""
		if out[i].Operator != nil {
			name = out[i].Operator.TradeName
		}
		groups[name] = &out[i]
	}
	for _, s := range ss {
		g := groups[s.Operator]
		if g == nil {
			g = groups[""]
		}
		us := UserServer{Server: s.Address, Preset: s.Preset, Enabled: s.Enabled}
		if s.Protocol == "xftp" {
			g.XFTPServers = append(g.XFTPServers, us)
		} else {
			g.SMPServers = append(g.SMPServers, us)
		}
	}
	return &UserServers{User: UserFromAPI(u), UserServers: out}, nil
}

// setUserServers applies what the list says: operator flags and roles,
// and for each server listed its enabled or deleted flag; a server not
// yet in the profile is added. Servers left out are left as they are
// (upstream replaces the whole list; Duplex applies the listed changes).
func (h *Handler) setUserServers(ctx context.Context, cmd APISetUserServers) (Response, error) {
	var groups []UserOperatorServers
	if err := json.Unmarshal(cmd.Servers, &groups); err != nil {
		return nil, cmdErr("invalid UpdatedUserOperatorServers JSON: " + err.Error())
	}
	u, err := h.user(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		if g.Operator != nil {
			if err := h.setOperator(ctx, u.ID, *g.Operator); err != nil {
				return nil, err
			}
		}
	}
	cur, err := h.Client.Servers(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	have := map[string]api.Server{}
	for _, s := range cur {
		have[serverKey(s.Address)] = s
	}
	for _, g := range groups {
		for _, s := range append(append([]UserServer{}, g.SMPServers...), g.XFTPServers...) {
			old, exists := have[serverKey(s.Server)]
			switch {
			case s.Deleted && exists:
				err = h.Client.RemoveServer(ctx, u.ID, s.Server)
			case s.Deleted:
			case !exists:
				if _, err = h.Client.AddServer(ctx, u.ID, s.Server); err == nil && !s.Enabled {
					err = h.Client.SetServerEnabled(ctx, u.ID, s.Server, false)
				}
			case old.Enabled != s.Enabled:
				err = h.Client.SetServerEnabled(ctx, u.ID, s.Server, s.Enabled)
			}
			if err != nil {
				return nil, err
			}
		}
	}
	uu := UserFromAPI(u)
	return &CmdOk{User: &uu}, nil
}

// serverKey compares addresses without the password (the core lists them
// without it).
func serverKey(addr string) string {
	scheme, rest, ok := strings.Cut(addr, "://")
	if !ok {
		return addr
	}
	if fp, hosts, ok := strings.Cut(rest, "@"); ok {
		if i := strings.IndexByte(fp, ':'); i >= 0 {
			fp = fp[:i]
		}
		rest = fp + "@" + hosts
	}
	return scheme + "://" + rest
}
