package chatapi

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Command is one parsed chat API command. Encode gives the canonical
// command line, which Parse reads back to an equal value.
type Command interface {
	// Name is upstream's ChatCommand constructor name (APISendMessages…).
	Name() string
	Encode() string
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func optFlag(name string, b *bool) string {
	if b == nil {
		return ""
	}
	return " " + name + "=" + onOff(*b)
}

// ---- users ----

// ShowActiveUser is "/user" → activeUser.
type ShowActiveUser struct{}

// ListUsers is "/users" → usersList.
type ListUsers struct{}

// CreateActiveUserJSON is "/_create user <json NewUser>" → activeUser.
type CreateActiveUserJSON struct{ NewUser json.RawMessage }

// CreateActiveUser is "/create user <name>[ <short description>]": the
// terminal form. A name with a space or comma is written in single quotes.
type CreateActiveUser struct{ DisplayName, ShortDescr string }

// APISetActiveUser is "/_user <userId>[ <json password>]" → activeUser.
type APISetActiveUser struct {
	UserID  int64
	ViewPwd json.RawMessage // optional JSON string
}

// APIDeleteUser is "/_delete user <userId> del_smp=on|off[ <json password>]" → cmdOk.
type APIDeleteUser struct {
	UserID       int64
	DelSMPQueues bool
	ViewPwd      json.RawMessage
}

// APIUpdateProfile is "/_profile <userId> <json Profile>" → userProfileUpdated | userProfileNoChange.
type APIUpdateProfile struct {
	UserID  int64
	Profile json.RawMessage
}

func (ShowActiveUser) Name() string       { return "ShowActiveUser" }
func (ListUsers) Name() string            { return "ListUsers" }
func (CreateActiveUserJSON) Name() string { return "CreateActiveUser" }
func (CreateActiveUser) Name() string     { return "CreateActiveUser" }
func (APISetActiveUser) Name() string     { return "APISetActiveUser" }
func (APIDeleteUser) Name() string        { return "APIDeleteUser" }
func (APIUpdateProfile) Name() string     { return "APIUpdateProfile" }

func (ShowActiveUser) Encode() string         { return "/user" }
func (ListUsers) Encode() string              { return "/users" }
func (c CreateActiveUserJSON) Encode() string { return "/_create user " + string(c.NewUser) }
func (c CreateActiveUser) Encode() string {
	s := "/create user " + quoteName(c.DisplayName)
	if c.ShortDescr != "" {
		s += " " + c.ShortDescr
	}
	return s
}
func (c APISetActiveUser) Encode() string {
	return "/_user " + itoa(c.UserID) + optJSON(c.ViewPwd)
}
func (c APIDeleteUser) Encode() string {
	return "/_delete user " + itoa(c.UserID) + " del_smp=" + onOff(c.DelSMPQueues) + optJSON(c.ViewPwd)
}
func (c APIUpdateProfile) Encode() string {
	return "/_profile " + itoa(c.UserID) + " " + string(c.Profile)
}

func optJSON(j json.RawMessage) string {
	if j == nil {
		return ""
	}
	return " " + string(j)
}

func quoteName(n string) string {
	if strings.ContainsAny(n, " ,") {
		return "'" + n + "'"
	}
	return n
}

// ---- chat controller ----

// StartChat is "/_start" or "/_start main=on|off[ snd_files=on|off]
// [ large_link_data=on|off][ service_requests=on|off]" → chatStarted | chatRunning.
// Main nil is the bare "/_start" (upstream: main app, files enabled).
type StartChat struct {
	Main            *bool
	SndFiles        *bool
	LargeLinkData   *bool
	ServiceRequests *bool
}

// APIStopChat is "/_stop" → chatStopped.
type APIStopChat struct{}

func (StartChat) Name() string   { return "StartChat" }
func (APIStopChat) Name() string { return "APIStopChat" }
func (c StartChat) Encode() string {
	if c.Main == nil {
		return "/_start"
	}
	return "/_start main=" + onOff(*c.Main) + optFlag("snd_files", c.SndFiles) +
		optFlag("large_link_data", c.LargeLinkData) + optFlag("service_requests", c.ServiceRequests)
}
func (APIStopChat) Encode() string { return "/_stop" }

// ---- address ----

// APICreateMyAddress is "/_address <userId>[ pq_ratchet=on|off]" → userContactLinkCreated.
type APICreateMyAddress struct {
	UserID    int64
	PQRatchet *bool
}

// APIShowMyAddress is "/_show_address <userId>" → userContactLink.
type APIShowMyAddress struct{ UserID int64 }

// APIDeleteMyAddress is "/_delete_address <userId>" → userContactLinkDeleted.
type APIDeleteMyAddress struct{ UserID int64 }

func (APICreateMyAddress) Name() string { return "APICreateMyAddress" }
func (APIShowMyAddress) Name() string   { return "APIShowMyAddress" }
func (APIDeleteMyAddress) Name() string { return "APIDeleteMyAddress" }
func (c APICreateMyAddress) Encode() string {
	return "/_address " + itoa(c.UserID) + optFlag("pq_ratchet", c.PQRatchet)
}
func (c APIShowMyAddress) Encode() string   { return "/_show_address " + itoa(c.UserID) }
func (c APIDeleteMyAddress) Encode() string { return "/_delete_address " + itoa(c.UserID) }

// ---- connections ----

// APIAddContact is "/_connect <userId>[ incognito=on|off]" → invitation.
type APIAddContact struct {
	UserID    int64
	Incognito *bool
}

// APIConnectPlan is "/_connect plan <userId> <link>" → connectionPlan.
type APIConnectPlan struct {
	UserID int64
	Link   string
}

// APIConnect is "/_connect <userId>[ incognito=on|off] <fullLink>[ <shortLink>]"
// → sentConfirmation | sentInvitation | contactAlreadyExists.
type APIConnect struct {
	UserID    int64
	Incognito *bool
	FullLink  string
	ShortLink string
}

// APIAcceptContact is "/_accept[ incognito=on|off] <contactReqId>" → acceptingContactRequest.
type APIAcceptContact struct {
	Incognito    *bool
	ContactReqID int64
}

// APIRejectContact is "/_reject <contactReqId>" → contactRequestRejected.
type APIRejectContact struct{ ContactReqID int64 }

// APIListContacts is "/_contacts <userId>" → contactsList.
type APIListContacts struct{ UserID int64 }

func (APIAddContact) Name() string    { return "APIAddContact" }
func (APIConnectPlan) Name() string   { return "APIConnectPlan" }
func (APIConnect) Name() string       { return "APIConnect" }
func (APIAcceptContact) Name() string { return "APIAcceptContact" }
func (APIRejectContact) Name() string { return "APIRejectContact" }
func (APIListContacts) Name() string  { return "APIListContacts" }
func (c APIAddContact) Encode() string {
	return "/_connect " + itoa(c.UserID) + optFlag("incognito", c.Incognito)
}
func (c APIConnectPlan) Encode() string {
	return "/_connect plan " + itoa(c.UserID) + " " + c.Link
}
func (c APIConnect) Encode() string {
	s := "/_connect " + itoa(c.UserID) + optFlag("incognito", c.Incognito) + " " + c.FullLink
	if c.ShortLink != "" {
		s += " " + c.ShortLink
	}
	return s
}
func (c APIAcceptContact) Encode() string {
	return "/_accept" + optFlag("incognito", c.Incognito) + " " + itoa(c.ContactReqID)
}
func (c APIRejectContact) Encode() string { return "/_reject " + itoa(c.ContactReqID) }
func (c APIListContacts) Encode() string  { return "/_contacts " + itoa(c.UserID) }
