package chatapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"duplex/core/api"
	"duplex/net/links"
)

// Handler runs chat API commands against a core. It holds no state of its
// own beyond the client, so one Handler may serve many connections.
type Handler struct {
	Client api.Client
}

// HandleLine parses a command line and runs it. Every failure — a bad
// line, a refused call, even a panic in a front end's client — becomes a
// chatCmdError response; HandleLine never returns nil.
func (h *Handler) HandleLine(ctx context.Context, line string) Response {
	cmd, err := Parse(line)
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			return pe.Response()
		}
		return CommandError(err.Error())
	}
	return h.Handle(ctx, cmd)
}

// Handle runs one parsed command and returns its response.
func (h *Handler) Handle(ctx context.Context, cmd Command) (resp Response) {
	defer func() {
		if r := recover(); r != nil {
			resp = CommandError(fmt.Sprintf("internal error in %s: %v", cmd.Name(), r))
		}
	}()
	resp, err := h.handle(ctx, cmd)
	if err != nil {
		return ErrorResponse(err)
	}
	return resp
}

func (h *Handler) handle(ctx context.Context, cmd Command) (Response, error) {
	c := h.Client
	switch cmd := cmd.(type) {
	case ShowActiveUser:
		u, err := h.activeUser(ctx)
		if err != nil {
			return nil, err
		}
		return &ActiveUser{User: UserFromAPI(u)}, nil
	case ListUsers:
		ps, err := c.Profiles(ctx)
		if err != nil {
			return nil, err
		}
		r := &UsersList{Users: []UserInfo{}}
		for _, p := range ps {
			r.Users = append(r.Users, UserInfo{User: UserFromAPI(p), UnreadCount: h.unread(ctx, p.ID)})
		}
		return r, nil
	case CreateActiveUserJSON:
		var nu struct {
			Profile *struct {
				DisplayName string `json:"displayName"`
				FullName    string `json:"fullName"`
				Image       string `json:"image"`
			} `json:"profile"`
		}
		if err := json.Unmarshal(cmd.NewUser, &nu); err != nil {
			return nil, cmdErr("invalid NewUser JSON: " + err.Error())
		}
		if nu.Profile == nil {
			return nil, cmdErr("NewUser needs a profile (Duplex does not create users without one)")
		}
		img, err := imageBytes(nu.Profile.Image)
		if err != nil {
			return nil, err
		}
		return h.createUser(ctx, api.NewProfile{DisplayName: nu.Profile.DisplayName, FullName: nu.Profile.FullName, Image: img})
	case CreateActiveUser:
		return h.createUser(ctx, api.NewProfile{DisplayName: cmd.DisplayName})
	case APISetActiveUser:
		if cmd.ViewPwd != nil {
			return nil, cmdErr("hidden profiles are not supported by Duplex")
		}
		p, err := h.user(ctx, cmd.UserID)
		if err != nil {
			return nil, err
		}
		if err := c.SetActiveProfile(ctx, p.ID); err != nil {
			return nil, err
		}
		p.Active = true
		return &ActiveUser{User: UserFromAPI(p)}, nil
	case APIDeleteUser:
		if cmd.ViewPwd != nil {
			return nil, cmdErr("hidden profiles are not supported by Duplex")
		}
		if _, err := h.user(ctx, cmd.UserID); err != nil {
			return nil, err
		}
		if err := c.DeleteProfile(ctx, api.ProfileID(cmd.UserID)); err != nil {
			return nil, err
		}
		return &CmdOk{}, nil
	case APIUpdateProfile:
		return h.updateProfile(ctx, cmd)
	case StartChat:
		// The core runs from start-up to shutdown; there is nothing to start.
		return &ChatRunning{}, nil
	case APIStopChat:
		return nil, cmdErr("Duplex does not stop its core over the API: stop the duplex-host process (SIGTERM)")
	case APICreateMyAddress:
		u, err := h.user(ctx, cmd.UserID)
		if err != nil {
			return nil, err
		}
		a, err := c.CreateAddress(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		return &UserContactLinkCreated{User: UserFromAPI(u), ConnLinkContact: AddressFromAPI(a).ConnLinkContact}, nil
	case APIShowMyAddress:
		u, err := h.user(ctx, cmd.UserID)
		if err != nil {
			return nil, err
		}
		a, err := c.Address(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		return &UserContactLinkResponse{User: UserFromAPI(u), ContactLink: AddressFromAPI(a)}, nil
	case APIDeleteMyAddress:
		u, err := h.user(ctx, cmd.UserID)
		if err != nil {
			return nil, err
		}
		if err := c.DeleteAddress(ctx, u.ID); err != nil {
			return nil, err
		}
		return &UserContactLinkDeleted{User: UserFromAPI(u)}, nil
	case APIAddContact:
		u, err := h.user(ctx, cmd.UserID)
		if err != nil {
			return nil, err
		}
		p, err := c.CreateLink(ctx, u.ID, isOn(cmd.Incognito))
		if err != nil {
			return nil, err
		}
		pc := PendingFromAPI(p)
		return &Invitation{User: UserFromAPI(u), ConnLinkInvitation: *pc.ConnLinkInv, Connection: pc}, nil
	case APIConnectPlan:
		return h.connectPlan(ctx, cmd)
	case APIConnect:
		return h.connect(ctx, cmd)
	case APIAcceptContact:
		return h.accept(ctx, cmd)
	case APIRejectContact:
		return h.reject(ctx, cmd)
	case APIListContacts:
		u, err := h.user(ctx, cmd.UserID)
		if err != nil {
			return nil, err
		}
		cs, err := c.Contacts(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		r := &ContactsList{User: UserFromAPI(u), Contacts: []Contact{}}
		for _, ct := range cs {
			r.Contacts = append(r.Contacts, ContactFromAPI(ct))
		}
		return r, nil
	case APIGetChats:
		return h.getChats(ctx, cmd)
	case APIGetChat:
		return h.getChat(ctx, cmd)
	case APISendMessages:
		return h.send(ctx, cmd)
	case APIUpdateChatItem:
		return h.update(ctx, cmd)
	case APIDeleteChatItem:
		return h.deleteItems(ctx, cmd)
	case APIChatItemReaction:
		return h.react(ctx, cmd)
	case APIChatRead:
		ct, u, err := h.directChat(ctx, cmd.Chat)
		if err != nil {
			return nil, err
		}
		if err := c.MarkRead(ctx, ct.ID, 0); err != nil {
			return nil, err
		}
		uu := UserFromAPI(u)
		return &CmdOk{User: &uu}, nil
	case APIDeleteChat:
		return h.deleteChat(ctx, cmd)
	}
	if r, err, ok := h.handleOperators(ctx, cmd); ok {
		return r, err
	}
	if r, err, ok := h.handleVisibility(ctx, cmd); ok {
		return r, err
	}
	if r, err, ok := h.handleArchive(ctx, cmd); ok { // archive.go
		return r, err
	}
	return nil, cmdErr(cmd.Name() + " is parsed but not supported by Duplex")
}

func isOn(b *bool) bool { return b != nil && *b }

// activeUser is the active profile; noActiveUser when there is none.
func (h *Handler) activeUser(ctx context.Context) (api.Profile, error) {
	ps, err := h.Client.Profiles(ctx)
	if err != nil {
		return api.Profile{}, err
	}
	for _, p := range ps {
		if p.Active {
			return p, nil
		}
	}
	return api.Profile{}, errNoActiveUser
}

// user finds a profile by id.
func (h *Handler) user(ctx context.Context, id int64) (api.Profile, error) {
	ps, err := h.Client.Profiles(ctx)
	if err != nil {
		return api.Profile{}, err
	}
	for _, p := range ps {
		if int64(p.ID) == id {
			return p, nil
		}
	}
	return api.Profile{}, notFound(api.ErrNoSuchProfile, "userNotFound", "userId", id)
}

// unread sums a profile's unread counts; a core that cannot list chats
// (locked, not ready) reports 0 rather than failing /users.
func (h *Handler) unread(ctx context.Context, p api.ProfileID) int64 {
	chats, err := h.Client.Chats(ctx, p)
	if err != nil {
		return 0
	}
	var n int64
	for _, c := range chats {
		n += int64(c.Unread)
	}
	return n
}

func (h *Handler) createUser(ctx context.Context, np api.NewProfile) (Response, error) {
	p, err := h.Client.CreateProfile(ctx, np)
	if err != nil {
		return nil, err
	}
	// upstream makes a new user the active one.
	if err := h.Client.SetActiveProfile(ctx, p.ID); err != nil {
		return nil, err
	}
	p.Active = true
	return &ActiveUser{User: UserFromAPI(p)}, nil
}

// imageBytes decodes a profile picture data URI ("data:image/…;base64,…").
func imageBytes(uri string) ([]byte, error) {
	if uri == "" {
		return nil, nil
	}
	_, b64, ok := strings.Cut(uri, ";base64,")
	if !ok || !strings.HasPrefix(uri, "data:image/") {
		return nil, cmdErr("image must be a data:image/…;base64,… URI")
	}
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, cmdErr("image: bad base64: " + err.Error())
	}
	return b, nil
}

func (h *Handler) updateProfile(ctx context.Context, cmd APIUpdateProfile) (Response, error) {
	u, err := h.user(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	var np Profile
	if err := json.Unmarshal(cmd.Profile, &np); err != nil {
		return nil, cmdErr("invalid Profile JSON: " + err.Error())
	}
	from := ProfileFromAPI(u)
	var upd api.ProfileUpdate
	changed := false
	if np.DisplayName != u.DisplayName {
		upd.DisplayName, changed = &np.DisplayName, true
	}
	if np.FullName != u.FullName {
		upd.FullName, changed = &np.FullName, true
	}
	img := ""
	if np.Image != nil {
		img = *np.Image
	}
	if img != u.Image {
		if upd.Image, err = imageBytes(img); err != nil {
			return nil, err
		}
		if upd.Image == nil {
			upd.Image = []byte{}
		}
		changed = true
	}
	if !changed {
		return &UserProfileNoChange{User: UserFromAPI(u)}, nil
	}
	p, err := h.Client.UpdateProfile(ctx, u.ID, upd)
	if err != nil {
		return nil, err
	}
	return &UserProfileUpdated{User: UserFromAPI(p), FromProfile: from, ToProfile: ProfileFromAPI(p),
		UpdateSummary: json.RawMessage(`{"updateSuccesses":0,"updateFailures":0,"changedContacts":[]}`)}, nil
}

// linkIsContact tells a contact address from a one-time invitation; an
// unparsable link is left to the core, which gives the real error.
func linkIsContact(s string) bool {
	l, err := links.ParseLink(s)
	return err == nil && l.Mode() == links.ModeContact
}

func (h *Handler) connectPlan(ctx context.Context, cmd APIConnectPlan) (Response, error) {
	u, err := h.user(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	if _, err := links.ParseLink(cmd.Link); err != nil {
		return nil, &APIError{Tag: "invalidConnReq", Err: err}
	}
	plan, err := h.Client.PlanConnect(ctx, u.ID, cmd.Link)
	if err != nil {
		return nil, err
	}
	cl := CreatedConnLink{ConnFullLink: plan.Link}
	if plan.Link != strings.TrimSpace(cmd.Link) {
		cl.ConnShortLink = strPtr(strings.TrimSpace(cmd.Link))
	}
	return &ConnectionPlanResponse{User: UserFromAPI(u), ConnLink: cl,
		ConnectionPlan: PlanFromAPI(plan, linkIsContact(cmd.Link))}, nil
}

func (h *Handler) connect(ctx context.Context, cmd APIConnect) (Response, error) {
	u, err := h.user(ctx, cmd.UserID)
	if err != nil {
		return nil, err
	}
	if _, err := links.ParseLink(cmd.FullLink); err != nil {
		return nil, &APIError{Tag: "invalidConnReq", Err: err}
	}
	res, err := h.Client.Connect(ctx, u.ID, cmd.FullLink, isOn(cmd.Incognito))
	if err != nil {
		return nil, err
	}
	if res.Contact != nil {
		return &ContactAlreadyExists{User: UserFromAPI(u), Contact: ContactFromAPI(*res.Contact)}, nil
	}
	if res.Pending == nil {
		return nil, cmdErr("the core neither joined nor found a contact")
	}
	pc := PendingFromAPI(*res.Pending)
	if linkIsContact(cmd.FullLink) {
		return &SentInvitation{User: UserFromAPI(u), Connection: pc}, nil
	}
	return &SentConfirmation{User: UserFromAPI(u), Connection: pc}, nil
}

// request finds a contact request among every profile's requests (the
// API names it by id only) and returns it with its profile.
func (h *Handler) request(ctx context.Context, id int64) (api.ContactRequest, api.Profile, error) {
	ps, err := h.Client.Profiles(ctx)
	if err != nil {
		return api.ContactRequest{}, api.Profile{}, err
	}
	for _, p := range ps {
		rs, err := h.Client.ContactRequests(ctx, p.ID)
		if err != nil {
			return api.ContactRequest{}, api.Profile{}, err
		}
		for _, r := range rs {
			if int64(r.ID) == id {
				return r, p, nil
			}
		}
	}
	return api.ContactRequest{}, api.Profile{}, notFound(api.ErrNoSuchRequest, "contactRequestNotFound", "contactRequestId", id)
}

func (h *Handler) accept(ctx context.Context, cmd APIAcceptContact) (Response, error) {
	_, u, err := h.request(ctx, cmd.ContactReqID)
	if err != nil {
		return nil, err
	}
	ct, err := h.Client.AcceptRequest(ctx, api.RequestID(cmd.ContactReqID), isOn(cmd.Incognito))
	if err != nil {
		return nil, err
	}
	return &AcceptingContactRequest{User: UserFromAPI(u), Contact: ContactFromAPI(ct)}, nil
}

func (h *Handler) reject(ctx context.Context, cmd APIRejectContact) (Response, error) {
	r, u, err := h.request(ctx, cmd.ContactReqID)
	if err != nil {
		return nil, err
	}
	if err := h.Client.RejectRequest(ctx, r.ID); err != nil {
		return nil, err
	}
	return &ContactRequestRejected{User: UserFromAPI(u), ContactRequest: RequestFromAPI(r)}, nil
}
