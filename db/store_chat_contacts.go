package db

import (
	"context"
	"time"
)

// ChatConn is one agent connection of the chat service. ContactID is 0 while
// it is pending (not a contact yet).
type ChatConn struct {
	ID         int64
	ProfileID  int64
	AgentConn  string
	ContactID  int64
	Invited    bool
	ViaAddress bool
	Link       string
	ShortLink  string
	Incognito  string
	Alias      string
	Deleting   int64 // the contact is gone: the agent message id of the x.direct.del the connection waits to send (0: not deleting)
	CreatedAt  time.Time
}

const connCols = `id, profile_id, agent_conn, coalesce(contact_id, 0), invited, via_address, link, short_link, incognito, alias, deleting, created_at`

func scanConn(sc scanner) (*ChatConn, error) {
	var c ChatConn
	var ca int64
	err := sc.Scan(&c.ID, &c.ProfileID, &c.AgentConn, &c.ContactID, &c.Invited, &c.ViaAddress, &c.Link, &c.ShortLink, &c.Incognito, &c.Alias, &c.Deleting, &ca)
	c.CreatedAt = fromMS(ca)
	return &c, err
}

// AddConn inserts c and sets its ID.
func (s ChatStore) AddConn(ctx context.Context, c *ChatConn) error {
	r, err := s.exec(ctx, `INSERT INTO chat_conns(profile_id, agent_conn, contact_id, invited, via_address, link, short_link, incognito, alias, deleting, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ProfileID, c.AgentConn, nullID(c.ContactID), c.Invited, c.ViaAddress,
		c.Link, c.ShortLink, c.Incognito, c.Alias, c.Deleting, ms(c.CreatedAt))
	if err != nil {
		return err
	}
	c.ID, err = r.LastInsertId()
	return err
}

func (s ChatStore) Conn(ctx context.Context, id int64) (*ChatConn, error) {
	return queryOne(s, ctx, scanConn, `SELECT `+connCols+` FROM chat_conns WHERE id = ?`, id)
}

func (s ChatStore) ConnByAgent(ctx context.Context, agentConn string) (*ChatConn, error) {
	return queryOne(s, ctx, scanConn, `SELECT `+connCols+` FROM chat_conns WHERE agent_conn = ?`, agentConn)
}

// ConnOfContact returns the contact's connection.
func (s ChatStore) ConnOfContact(ctx context.Context, contactID int64) (*ChatConn, error) {
	return queryOne(s, ctx, scanConn, `SELECT `+connCols+` FROM chat_conns WHERE contact_id = ? ORDER BY id DESC LIMIT 1`, contactID)
}

// ConnsByLink finds connections made with or for a link (full or short form).
func (s ChatStore) ConnsByLink(ctx context.Context, profileID int64, link string) ([]*ChatConn, error) {
	return queryAll(s, ctx, scanConn, `SELECT `+connCols+` FROM chat_conns WHERE profile_id = ? AND deleting = 0 AND link != '' AND (link = ? OR short_link = ?)
		ORDER BY id`, profileID, link, link)
}

// PendingConns lists a profile's connections that are not contacts yet.
func (s ChatStore) PendingConns(ctx context.Context, profileID int64) ([]*ChatConn, error) {
	return queryAll(s, ctx, scanConn, `SELECT `+connCols+` FROM chat_conns WHERE profile_id = ? AND contact_id IS NULL AND deleting = 0 ORDER BY id`, profileID)
}

// ProfileAgentConns lists every agent connection of a profile: contacts,
// pending connections and the address.
func (s ChatStore) ProfileAgentConns(ctx context.Context, profileID int64) ([]string, error) {
	return queryAll(s, ctx, func(sc scanner) (string, error) { var v string; return v, sc.Scan(&v) },
		`SELECT agent_conn FROM chat_conns WHERE profile_id = ? UNION ALL SELECT agent_conn FROM chat_addresses WHERE profile_id = ?`,
		profileID, profileID)
}

func (s ChatStore) SetConnContact(ctx context.Context, id, contactID int64) error {
	return s.execOne(ctx, `UPDATE chat_conns SET contact_id = ? WHERE id = ?`, nullID(contactID), id)
}

// SetConnDeleting detaches the connection from its contact and marks it
// as waiting for its last message (agent message msgID) before deletion.
func (s ChatStore) SetConnDeleting(ctx context.Context, id, msgID int64) error {
	return s.execOne(ctx, `UPDATE chat_conns SET deleting = ?, contact_id = NULL WHERE id = ?`, msgID, id)
}

// SetConnAlias sets a pending connection's alias.
func (s ChatStore) SetConnAlias(ctx context.Context, id int64, alias string) error {
	return s.execOne(ctx, `UPDATE chat_conns SET alias = ? WHERE id = ?`, alias, id)
}

func (s ChatStore) DeleteConn(ctx context.Context, id int64) error {
	return s.execOne(ctx, `DELETE FROM chat_conns WHERE id = ?`, id)
}

// ChatContact is a contact with the chat service's state.
type ChatContact struct {
	ID           int64
	ProfileID    int64
	DisplayName  string
	FullName     string
	Image        []byte
	Prefs        []byte // the peer's preferences JSON
	Alias        string
	Ready        bool
	VerifiedCode string
	Muted        bool
	PeerDeleted  bool
	TTLOffered   int64 // seconds
	TTLPeer      int64
	VMin, VMax   int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

const contactCols = `id, profile_id, display_name, full_name, image, prefs, alias, ready, verified_code, muted, peer_deleted,
	ttl_offered, ttl_peer, chat_vmin, chat_vmax, created_at, updated_at`

func scanContact(sc scanner) (*ChatContact, error) {
	var c ChatContact
	var ca, ua int64
	err := sc.Scan(&c.ID, &c.ProfileID, &c.DisplayName, &c.FullName, &c.Image, &c.Prefs, &c.Alias, &c.Ready, &c.VerifiedCode,
		&c.Muted, &c.PeerDeleted, &c.TTLOffered, &c.TTLPeer, &c.VMin, &c.VMax, &ca, &ua)
	c.CreatedAt, c.UpdatedAt = fromMS(ca), fromMS(ua)
	return &c, err
}

// AddContact inserts c and sets its ID.
func (s ChatStore) AddContact(ctx context.Context, c *ChatContact) error {
	r, err := s.exec(ctx, `INSERT INTO contacts(profile_id, local_name, display_name, full_name, image, prefs, alias, ready, verified_code,
		muted, peer_deleted, ttl_offered, ttl_peer, chat_vmin, chat_vmax, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ProfileID, c.DisplayName, c.DisplayName, c.FullName, c.Image,
		c.Prefs, c.Alias, c.Ready, c.VerifiedCode, c.Muted, c.PeerDeleted, c.TTLOffered, c.TTLPeer, c.VMin, c.VMax,
		ms(c.CreatedAt), ms(c.UpdatedAt))
	if err != nil {
		return err
	}
	c.ID, err = r.LastInsertId()
	return err
}

// UpdateContact writes every field of c.
func (s ChatStore) UpdateContact(ctx context.Context, c *ChatContact) error {
	return s.execOne(ctx, `UPDATE contacts SET local_name = ?, display_name = ?, full_name = ?, image = ?, prefs = ?, alias = ?, ready = ?,
		verified_code = ?, muted = ?, peer_deleted = ?, ttl_offered = ?, ttl_peer = ?, chat_vmin = ?, chat_vmax = ?, updated_at = ?
		WHERE id = ?`, c.DisplayName, c.DisplayName, c.FullName, c.Image, c.Prefs, c.Alias, c.Ready, c.VerifiedCode, c.Muted,
		c.PeerDeleted, c.TTLOffered, c.TTLPeer, c.VMin, c.VMax, ms(c.UpdatedAt), c.ID)
}

func (s ChatStore) Contact(ctx context.Context, id int64) (*ChatContact, error) {
	return queryOne(s, ctx, scanContact, `SELECT `+contactCols+` FROM contacts WHERE id = ?`, id)
}

// Contacts lists a profile's contacts in creation order.
func (s ChatStore) Contacts(ctx context.Context, profileID int64) ([]*ChatContact, error) {
	return queryAll(s, ctx, scanContact, `SELECT `+contactCols+` FROM contacts WHERE profile_id = ? ORDER BY id`, profileID)
}

// DeleteContact removes the contact; its items go with it (ON DELETE CASCADE).
func (s ChatStore) DeleteContact(ctx context.Context, id int64) error {
	return s.execOne(ctx, `DELETE FROM contacts WHERE id = ?`, id)
}

// ChatAddress is a profile's contact address.
type ChatAddress struct {
	ProfileID  int64
	AgentConn  string
	Link       string
	ShortLink  string
	AutoAccept bool
	Welcome    string
}

func scanAddress(sc scanner) (*ChatAddress, error) {
	var a ChatAddress
	return &a, sc.Scan(&a.ProfileID, &a.AgentConn, &a.Link, &a.ShortLink, &a.AutoAccept, &a.Welcome)
}

const addrCols = `profile_id, agent_conn, link, short_link, auto_accept, welcome`

// PutAddress inserts or replaces the profile's address.
func (s ChatStore) PutAddress(ctx context.Context, a *ChatAddress) error {
	_, err := s.exec(ctx, `INSERT OR REPLACE INTO chat_addresses(`+addrCols+`) VALUES (?, ?, ?, ?, ?, ?)`,
		a.ProfileID, a.AgentConn, a.Link, a.ShortLink, a.AutoAccept, a.Welcome)
	return err
}

func (s ChatStore) Address(ctx context.Context, profileID int64) (*ChatAddress, error) {
	return queryOne(s, ctx, scanAddress, `SELECT `+addrCols+` FROM chat_addresses WHERE profile_id = ?`, profileID)
}

func (s ChatStore) AddressByAgent(ctx context.Context, agentConn string) (*ChatAddress, error) {
	return queryOne(s, ctx, scanAddress, `SELECT `+addrCols+` FROM chat_addresses WHERE agent_conn = ?`, agentConn)
}

// AddressByLink finds the address whose full or short link is link.
func (s ChatStore) AddressByLink(ctx context.Context, link string) (*ChatAddress, error) {
	return queryOne(s, ctx, scanAddress, `SELECT `+addrCols+` FROM chat_addresses WHERE link = ? OR (short_link != '' AND short_link = ?)`, link, link)
}

// DeleteAddress removes the address and its pending requests.
func (s ChatStore) DeleteAddress(ctx context.Context, profileID int64) error {
	if _, err := s.exec(ctx, `DELETE FROM contact_requests WHERE profile_id = ?`, profileID); err != nil {
		return err
	}
	return s.execOne(ctx, `DELETE FROM chat_addresses WHERE profile_id = ?`, profileID)
}

// ChatRequest is a contact request received on an address.
type ChatRequest struct {
	ID          int64
	ProfileID   int64
	AgentConn   string
	AgentReq    string
	DisplayName string
	FullName    string
	Image       []byte
	CreatedAt   time.Time
}

const reqCols = `id, profile_id, agent_conn, agent_req, display_name, full_name, image, created_at`

func scanRequest(sc scanner) (*ChatRequest, error) {
	var r ChatRequest
	var ca int64
	err := sc.Scan(&r.ID, &r.ProfileID, &r.AgentConn, &r.AgentReq, &r.DisplayName, &r.FullName, &r.Image, &ca)
	r.CreatedAt = fromMS(ca)
	return &r, err
}

func (s ChatStore) AddRequest(ctx context.Context, r *ChatRequest) error {
	res, err := s.exec(ctx, `INSERT INTO contact_requests(profile_id, agent_conn, agent_req, display_name, full_name, image, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, r.ProfileID, r.AgentConn, r.AgentReq, r.DisplayName, r.FullName, r.Image, ms(r.CreatedAt))
	if err != nil {
		return err
	}
	r.ID, err = res.LastInsertId()
	return err
}

func (s ChatStore) Request(ctx context.Context, id int64) (*ChatRequest, error) {
	return queryOne(s, ctx, scanRequest, `SELECT `+reqCols+` FROM contact_requests WHERE id = ?`, id)
}

func (s ChatStore) Requests(ctx context.Context, profileID int64) ([]*ChatRequest, error) {
	return queryAll(s, ctx, scanRequest, `SELECT `+reqCols+` FROM contact_requests WHERE profile_id = ? ORDER BY id`, profileID)
}

func (s ChatStore) DeleteRequest(ctx context.Context, id int64) error {
	return s.execOne(ctx, `DELETE FROM contact_requests WHERE id = ?`, id)
}
