package screens

// Settings › Network & servers, second half: the server operators with
// their conditions of use, and the network settings (SOCKS proxy, onion
// hosts, private routing). The relay list itself is settings_network.go.
//
// Enabling an operator whose conditions are not accepted is refused by the
// core; the section then opens its conditions sheet in place (not a modal
// dialog, so it reads like the rest of the page and tests can drive it):
// the operator, where the conditions are published, and "Accept and
// enable". The roles checks follow upstream's operator page: SMP "to
// receive" (storage) and "for private routing" (proxy), XFTP "to send
// files" (storage).

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"duplex/core/api"
)

// OperatorsSection lists the operators.
type OperatorsSection struct {
	Root fyne.CanvasObject
	Rows []*OperatorRow
	// Summary says where the conditions stand; Accept accepts them for the
	// enabled operators under review (shown only then).
	Summary *widget.Label
	Accept  *widget.Button
	Error   *widget.Label

	// The conditions sheet, shown when enabling needs the conditions first.
	Sheet       *fyne.Container
	SheetText   *widget.Label
	SheetAccept *widget.Button
	SheetCancel *widget.Button

	list    *fyne.Container
	info    api.ConditionsInfo
	pending *pendingEnable

	// OnChange asks to set an operator's enabled flag and roles.
	OnChange func(id api.OperatorID, enabled bool, roles api.OperatorRoles)
	// OnAccept asks to accept conditions for ops; then, if set, runs after.
	OnAccept func(cond api.ConditionsID, ops []api.OperatorID, then func())
}

type pendingEnable struct {
	id    api.OperatorID
	roles api.OperatorRoles
}

// OperatorRow is one operator.
type OperatorRow struct {
	Operator    api.Operator
	Name        *widget.Label
	Enabled     *widget.Check
	SMPStorage  *widget.Check
	SMPProxy    *widget.Check
	XFTPStorage *widget.Check
	State       *widget.Label
}

func newOperatorsSection() *OperatorsSection {
	s := &OperatorsSection{list: container.NewVBox(widget.NewLabel("Loading…")), Summary: widget.NewLabel(""), Error: errLabel(),
		SheetText: widget.NewLabel("")}
	s.Summary.Wrapping = fyne.TextWrapWord
	s.SheetText.Wrapping = fyne.TextWrapWord
	s.Accept = widget.NewButton("Accept conditions", func() {
		if s.OnAccept != nil && s.info.Action == api.ActionReview {
			s.OnAccept(s.info.Current.ID, s.info.Review, nil)
		}
	})
	s.Accept.Hide()
	s.SheetAccept = widget.NewButton("Accept and enable", func() {
		p := s.pending
		s.HideSheet()
		if p == nil || s.OnAccept == nil {
			return
		}
		s.OnAccept(s.info.Current.ID, []api.OperatorID{p.id}, func() {
			if s.OnChange != nil {
				s.OnChange(p.id, true, p.roles)
			}
		})
	})
	s.SheetAccept.Importance = widget.HighImportance
	s.SheetCancel = widget.NewButton("Cancel", func() {
		s.HideSheet()
		s.SetConditions(s.info) // the Enabled check goes back
	})
	s.Sheet = container.NewVBox(widget.NewCard("Conditions of use", "", container.NewVBox(s.SheetText,
		container.NewHBox(s.SheetAccept, s.SheetCancel))))
	s.Sheet.Hide()
	s.Root = container.NewVBox(s.list, s.Sheet, s.Summary, container.NewHBox(s.Accept), s.Error)
	return s
}

// ShortDate is how the section writes dates (deadlines, acceptance).
func ShortDate(t time.Time) string { return t.Local().Format("2 Jan 2006") }

// AcceptanceText says where one operator stands with the conditions.
func AcceptanceText(a api.ConditionsAcceptance) string {
	switch a.State {
	case api.ConditionsAccepted:
		s := "Conditions accepted"
		if a.Auto {
			s += " automatically"
		}
		if !a.AcceptedAt.IsZero() {
			s += " on " + ShortDate(a.AcceptedAt)
		}
		return s
	case api.ConditionsDeadline:
		return "New conditions: accepted automatically on " + ShortDate(a.Deadline) + " unless you review them"
	}
	return "Conditions not accepted"
}

// SummaryText says what the user should do about the conditions.
func SummaryText(info api.ConditionsInfo) string {
	switch info.Action {
	case api.ActionAccepted:
		return "Conditions of use accepted for the enabled operators."
	case api.ActionReview:
		var names []string
		for _, id := range info.Review {
			for _, o := range info.Operators {
				if o.ID == id {
					names = append(names, o.Name)
				}
			}
		}
		who := strings.Join(names, ", ")
		if !info.Deadline.IsZero() {
			return fmt.Sprintf("Review the conditions of use of %s: they are accepted automatically on %s. %s", who, ShortDate(info.Deadline), info.Current.TextURL)
		}
		return fmt.Sprintf("Review and accept the conditions of use of %s. %s", who, info.Current.TextURL)
	}
	return "No operator is enabled: only your own servers are used."
}

// SetConditions shows the operators and the conditions.
func (s *OperatorsSection) SetConditions(info api.ConditionsInfo) {
	s.info = info
	s.Rows = nil
	s.list.Objects = nil
	for _, op := range info.Operators {
		s.Rows = append(s.Rows, s.newRow(op))
	}
	if len(s.Rows) == 0 {
		s.list.Add(widget.NewLabel("No operators."))
	}
	for _, r := range s.Rows {
		roles := container.NewHBox(r.SMPStorage, r.SMPProxy, r.XFTPStorage)
		s.list.Add(container.NewVBox(container.NewBorder(nil, nil, r.Enabled, nil, r.Name), roles, r.State))
	}
	s.list.Refresh()
	s.Summary.SetText(SummaryText(info))
	if info.Action == api.ActionReview {
		s.Accept.Show()
	} else {
		s.Accept.Hide()
	}
}

func (s *OperatorsSection) newRow(op api.Operator) *OperatorRow {
	r := &OperatorRow{Operator: op, Name: widget.NewLabel(op.Name + " (" + strings.Join(op.Domains, ", ") + ")"),
		State: widget.NewLabel(AcceptanceText(op.Conditions))}
	r.Name.TextStyle.Bold = true
	r.Name.Truncation = fyne.TextTruncateEllipsis
	r.State.SizeName = theme.SizeNameCaptionText
	r.State.Wrapping = fyne.TextWrapWord
	// Checks are built with their state set before the callbacks, so that
	// showing the list never reports a change.
	check := func(label string, on bool) *widget.Check {
		c := widget.NewCheck(label, nil)
		c.Checked = on
		return c
	}
	r.Enabled = check("", op.Enabled)
	r.SMPStorage = check("To receive", op.SMP.Storage)
	r.SMPProxy = check("For private routing", op.SMP.Proxy)
	r.XFTPStorage = check("To send files", op.XFTP.Storage)
	roles := func() api.OperatorRoles {
		return api.OperatorRoles{SMP: api.Roles{Storage: r.SMPStorage.Checked, Proxy: r.SMPProxy.Checked},
			XFTP: api.Roles{Storage: r.XFTPStorage.Checked, Proxy: op.XFTP.Proxy}}
	}
	changed := func(bool) {
		if s.OnChange != nil {
			s.OnChange(op.ID, r.Enabled.Checked, roles())
		}
	}
	r.Enabled.OnChanged = changed
	r.SMPStorage.OnChanged = changed
	r.SMPProxy.OnChanged = changed
	r.XFTPStorage.OnChanged = changed
	if !op.Enabled {
		r.SMPStorage.Disable()
		r.SMPProxy.Disable()
		r.XFTPStorage.Disable()
	}
	return r
}

// ShowSheet opens the conditions sheet for an operator the user tried to
// enable with roles.
func (s *OperatorsSection) ShowSheet(op api.Operator, roles api.OperatorRoles) {
	s.pending = &pendingEnable{id: op.ID, roles: roles}
	s.SheetText.SetText(fmt.Sprintf("To use the servers of %s (%s), review and accept their conditions of use first:\n%s",
		op.Name, op.LegalName, s.info.Current.TextURL))
	s.Sheet.Show()
}

// HideSheet closes the conditions sheet.
func (s *OperatorsSection) HideSheet() {
	s.pending = nil
	s.Sheet.Hide()
}

// Row finds an operator's row by tag, or nil.
func (s *OperatorsSection) Row(tag string) *OperatorRow {
	for _, r := range s.Rows {
		if r.Operator.Tag == tag {
			return r
		}
	}
	return nil
}

// Choice labels of the network selects, indexed by the api numbers.
var (
	onionLabels    = []string{api.OnionNo: "No", api.OnionPrefer: "When available", api.OnionRequired: "Required"}
	routingLabels  = []string{api.RoutingUnknown: "To unknown relays", api.RoutingAlways: "Always", api.RoutingUnprotected: "Unknown relays, IP not protected", api.RoutingNever: "Never"}
	fallbackLabels = []string{api.FallbackProtected: "When IP address is protected", api.FallbackAllow: "Yes", api.FallbackProhibit: "No"}
)

// NetworkSection is the network settings form.
type NetworkSection struct {
	Root     fyne.CanvasObject
	SOCKS    *widget.Entry
	Isolate  *widget.Check
	Onion    *widget.Select
	Routing  *widget.Select
	Fallback *widget.Select
	Save     *widget.Button
	Status   *widget.Label
	Error    *widget.Label

	OnSave func(cfg api.NetworkConfig)
}

func newNetworkSection() *NetworkSection {
	n := &NetworkSection{SOCKS: widget.NewEntry(), Isolate: widget.NewCheck("Separate circuit per relay connection", nil),
		Onion: widget.NewSelect(onionLabels, nil), Routing: widget.NewSelect(routingLabels, nil),
		Fallback: widget.NewSelect(fallbackLabels, nil), Status: widget.NewLabel(""), Error: errLabel()}
	n.SOCKS.SetPlaceHolder("host:port, e.g. 127.0.0.1:9050 (empty: connect directly)")
	n.SOCKS.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return api.NetworkConfig{SOCKSProxy: strings.TrimSpace(s)}.Validate()
	}
	n.Save = widget.NewButton("Save network settings", func() {
		cfg, err := n.Config()
		if err != nil {
			n.Error.SetText(err.Error())
			return
		}
		n.Error.SetText("")
		if n.OnSave != nil {
			n.OnSave(cfg)
		}
	})
	n.SetNetwork(api.DefaultNetwork())
	form := widget.NewForm(
		widget.NewFormItem("SOCKS proxy", n.SOCKS),
		widget.NewFormItem("", n.Isolate),
		widget.NewFormItem("Use .onion hosts", n.Onion),
		widget.NewFormItem("Private routing", n.Routing),
		widget.NewFormItem("Send directly if it fails", n.Fallback),
	)
	n.Root = container.NewVBox(form, container.NewHBox(n.Save), n.Status, n.Error)
	return n
}

// SetNetwork shows cfg.
func (n *NetworkSection) SetNetwork(cfg api.NetworkConfig) {
	n.SOCKS.SetText(cfg.SOCKSProxy)
	n.Isolate.SetChecked(cfg.SOCKSIsolate || cfg.SOCKSProxy == "")
	n.Onion.SetSelectedIndex(int(cfg.OnionHosts))
	n.Routing.SetSelectedIndex(int(cfg.PrivateRouting))
	n.Fallback.SetSelectedIndex(int(cfg.RoutingFallback))
}

// Config reads the form; the error says what to fix.
func (n *NetworkSection) Config() (api.NetworkConfig, error) {
	cfg := api.NetworkConfig{SOCKSProxy: strings.TrimSpace(n.SOCKS.Text),
		OnionHosts: api.OnionHosts(n.Onion.SelectedIndex()), PrivateRouting: api.PrivateRouting(n.Routing.SelectedIndex()),
		RoutingFallback: api.RoutingFallback(n.Fallback.SelectedIndex())}
	cfg.SOCKSIsolate = cfg.SOCKSProxy != "" && n.Isolate.Checked
	return cfg, cfg.Validate()
}
