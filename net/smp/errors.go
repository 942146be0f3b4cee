package smp

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"duplex/crypto/enc"
)

// ErrorCode is the first word of an SMP ERR response (Protocol.hs ErrorType).
type ErrorCode string

// Every ErrorType the relay protocol defines. DUPLICATE_ is internal upstream
// and never sent, but is parsed so we accept what the reference accepts.
const (
	CodeBlock     ErrorCode = "BLOCK"     // bad block format or signature size
	CodeSession   ErrorCode = "SESSION"   // wrong session id
	CodeCmd       ErrorCode = "CMD"       // + CmdCode
	CodeProxy     ErrorCode = "PROXY"     // + *ProxyError
	CodeAuth      ErrorCode = "AUTH"      // bad authorization or no such queue
	CodeBlocked   ErrorCode = "BLOCKED"   // + *BlockingInfo (v≥12; older peers get AUTH)
	CodeService   ErrorCode = "SERVICE"   // service signature not allowed
	CodeCrypto    ErrorCode = "CRYPTO"    // proxy encryption error
	CodeQuota     ErrorCode = "QUOTA"     // queue capacity exceeded
	CodeStore     ErrorCode = "STORE"     // + text
	CodeNoMsg     ErrorCode = "NO_MSG"    // ACK without a matching delivered message
	CodeLargeMsg  ErrorCode = "LARGE_MSG" // message too large
	CodeExpired   ErrorCode = "EXPIRED"   // relay key expired (proxy)
	CodeInternal  ErrorCode = "INTERNAL"  // internal server error
	CodeDuplicate ErrorCode = "DUPLICATE_"
)

// CmdCode is the sub-code of ERR CMD.
type CmdCode string

// Command error sub-codes. NO_QUEUE is parsed as NO_ENTITY (backward compatibility).
const (
	CmdUnknown    CmdCode = "UNKNOWN"
	CmdSyntax     CmdCode = "SYNTAX"
	CmdProhibited CmdCode = "PROHIBITED"
	CmdNoAuth     CmdCode = "NO_AUTH"
	CmdHasAuth    CmdCode = "HAS_AUTH"
	CmdNoEntity   CmdCode = "NO_ENTITY"
)

// Error is an SMP protocol error as carried by ERR. Compare with errors.Is
// against the values below: a sub-code in the target must match, an empty
// one matches any (errors.Is(e, ErrCmd) is true for every CMD error).
type Error struct {
	Code    ErrorCode
	Cmd     CmdCode       // CodeCmd only
	Proxy   *ProxyError   // CodeProxy only
	Blocked *BlockingInfo // CodeBlocked only
	Store   string        // CodeStore only
}

// Error values a relay sends and a client compares against.
var (
	ErrBlock      = &Error{Code: CodeBlock}
	ErrSession    = &Error{Code: CodeSession}
	ErrCmd        = &Error{Code: CodeCmd}
	ErrCmdUnknown = &Error{Code: CodeCmd, Cmd: CmdUnknown}
	ErrCmdSyntax  = &Error{Code: CodeCmd, Cmd: CmdSyntax}
	ErrProhibited = &Error{Code: CodeCmd, Cmd: CmdProhibited}
	ErrNoAuth     = &Error{Code: CodeCmd, Cmd: CmdNoAuth}
	ErrHasAuth    = &Error{Code: CodeCmd, Cmd: CmdHasAuth}
	ErrNoEntity   = &Error{Code: CodeCmd, Cmd: CmdNoEntity}
	ErrProxy      = &Error{Code: CodeProxy}
	ErrAuth       = &Error{Code: CodeAuth}
	ErrBlocked    = &Error{Code: CodeBlocked}
	ErrService    = &Error{Code: CodeService}
	ErrCrypto     = &Error{Code: CodeCrypto}
	ErrQuota      = &Error{Code: CodeQuota}
	ErrStore      = &Error{Code: CodeStore}
	ErrNoMsg      = &Error{Code: CodeNoMsg}
	ErrLargeMsg   = &Error{Code: CodeLargeMsg}
	ErrExpired    = &Error{Code: CodeExpired}
	ErrInternal   = &Error{Code: CodeInternal}
	ErrDuplicate  = &Error{Code: CodeDuplicate}
)

// StoreError returns ERR STORE with a text.
func StoreError(text string) *Error { return &Error{Code: CodeStore, Store: text} }

func (e *Error) Error() string { return "smp: ERR " + string(e.wire(CurrentVersion)) }

// Is matches by code and, when the target has one, sub-code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok || t.Code != e.Code {
		return false
	}
	return t.Cmd == "" || t.Cmd == e.Cmd
}

// Retryable reports whether repeating the command later may succeed without
// any change. Relay verdicts are final for the command as sent; only proxy
// errors that report a network problem or timeout on the proxy→relay hop are
// temporary (the reference agent's temporaryAgentError). QUOTA is a verdict
// too: whether and when to resend is the agent's policy.
func (e *Error) Retryable() bool {
	if e.Code == CodeProxy && e.Proxy != nil && e.Proxy.Kind == ProxyBroker && e.Proxy.Broker != nil {
		switch e.Proxy.Broker.Kind {
		case BrokerNetwork, BrokerTimeout:
			return true
		}
	}
	return false
}

// wire encodes the error for version v: BLOCKED becomes AUTH before v12 and
// loses its notice before v18, as the reference relay does.
func (e *Error) wire(v Version) []byte {
	w := enc.NewWriter(nil)
	e.encode(w, v)
	b, _ := w.Bytes()
	return b
}

func (e *Error) encode(w *enc.Writer, v Version) {
	switch e.Code {
	case CodeCmd:
		w.String("CMD " + string(e.Cmd))
	case CodeProxy:
		w.String("PROXY ")
		if e.Proxy == nil {
			w.Fail(errors.New("smp: PROXY error without detail"))
			return
		}
		e.Proxy.encode(w, v)
	case CodeBlocked:
		if v < VersionBlockedEntity {
			w.String(string(CodeAuth))
			return
		}
		if e.Blocked == nil {
			w.Fail(errors.New("smp: BLOCKED error without info"))
			return
		}
		bi := *e.Blocked
		if v < VersionClientNotices {
			bi.Notice = nil
		}
		w.String("BLOCKED ")
		w.Raw(bi.encode())
	case CodeStore:
		w.String("STORE " + e.Store)
	default:
		w.String(string(e.Code))
	}
}

// takeWord splits at the first space: the reference's takeTill (== ' ').
func takeWord(b []byte) (word string, rest []byte) {
	if i := strings.IndexByte(string(b), ' '); i >= 0 {
		return string(b[:i]), b[i:]
	}
	return string(b), nil
}

// afterSpace requires rest to start with a single space and returns what follows.
func afterSpace(rest []byte) ([]byte, bool) {
	if len(rest) == 0 || rest[0] != ' ' {
		return nil, false
	}
	return rest[1:], true
}

var errBadError = errors.New("smp: bad error encoding")

// parseArg parses the argument that follows a single space after an error
// word; most compound error codes are "WORD <argument>".
func parseArg[T any](rest []byte, parse func([]byte) (T, error)) (T, error) {
	a, ok := afterSpace(rest)
	if !ok {
		var zero T
		return zero, errBadError
	}
	return parse(a)
}

// shortText parses an error detail encoded as " sb(text)".
func shortText(rest []byte) (string, error) {
	return parseArg(rest, func(a []byte) (string, error) {
		r := enc.NewReader(a)
		t := r.ShortBytes()
		if r.Done() != nil {
			return "", errBadError
		}
		return string(t), nil
	})
}

// parseError parses an ErrorType consuming all of b.
func parseError(b []byte) (*Error, error) {
	word, rest := takeWord(b)
	code := ErrorCode(word)
	switch code {
	case CodeCmd:
		a, ok := afterSpace(rest)
		if !ok {
			return nil, errBadError
		}
		c := CmdCode(a)
		switch c {
		case CmdUnknown, CmdSyntax, CmdProhibited, CmdNoAuth, CmdHasAuth, CmdNoEntity:
		case "NO_QUEUE":
			c = CmdNoEntity
		default:
			return nil, errBadError
		}
		return &Error{Code: CodeCmd, Cmd: c}, nil
	case CodeProxy:
		p, err := parseArg(rest, parseProxyError)
		if err != nil {
			return nil, err
		}
		return &Error{Code: CodeProxy, Proxy: p}, nil
	case CodeBlocked:
		bi, err := parseArg(rest, parseBlockingInfo)
		if err != nil {
			return nil, err
		}
		return &Error{Code: CodeBlocked, Blocked: bi}, nil
	case CodeStore:
		a, ok := afterSpace(rest)
		if !ok {
			return nil, errBadError
		}
		return &Error{Code: CodeStore, Store: string(a)}, nil
	case CodeBlock, CodeSession, CodeAuth, CodeService, CodeCrypto, CodeQuota,
		CodeNoMsg, CodeLargeMsg, CodeExpired, CodeInternal, CodeDuplicate:
		if rest != nil {
			return nil, errBadError
		}
		return &Error{Code: code}, nil
	}
	return nil, errBadError
}

// BlockingInfo says why an entity was blocked: "reason=spam|content[,notice=<json>]".
type BlockingInfo struct {
	Reason string // "spam" or "content"
	Notice []byte // raw JSON object, v≥18 only; nil = absent
}

func (b BlockingInfo) encode() []byte {
	s := "reason=" + b.Reason
	if b.Notice != nil {
		s += ",notice=" + string(b.Notice)
	}
	return []byte(s)
}

func parseBlockingInfo(b []byte) (*BlockingInfo, error) {
	s := string(b)
	if !strings.HasPrefix(s, "reason=") {
		return nil, errBadError
	}
	s = s[len("reason="):]
	bi := &BlockingInfo{}
	for _, r := range []string{"spam", "content"} {
		if strings.HasPrefix(s, r) {
			bi.Reason, s = r, s[len(r):]
			break
		}
	}
	if bi.Reason == "" {
		return nil, errBadError
	}
	if s == "" {
		return bi, nil
	}
	if !strings.HasPrefix(s, ",notice=") {
		return nil, errBadError
	}
	n := s[len(",notice="):]
	if !jsonObject(n) {
		return nil, errBadError
	}
	bi.Notice = []byte(n)
	return bi, nil
}

// ProxyKind is the first word of a PROXY error.
type ProxyKind string

const (
	ProxyProtocol  ProxyKind = "PROTOCOL"   // the relay answered ERR (Protocol set)
	ProxyBroker    ProxyKind = "BROKER"     // the proxy could not talk to the relay (Broker set)
	ProxyBasicAuth ProxyKind = "BASIC_AUTH" // wrong proxy basic auth
	ProxyNoSession ProxyKind = "NO_SESSION" // no such proxy session
)

// ProxyError is the detail of ERR PROXY.
type ProxyError struct {
	Kind     ProxyKind
	Protocol *Error
	Broker   *BrokerError
}

func (p *ProxyError) encode(w *enc.Writer, v Version) {
	switch p.Kind {
	case ProxyProtocol:
		if p.Protocol == nil {
			w.Fail(errors.New("smp: PROXY PROTOCOL without error"))
			return
		}
		w.String("PROTOCOL ")
		p.Protocol.encode(w, v)
	case ProxyBroker:
		if p.Broker == nil {
			w.Fail(errors.New("smp: PROXY BROKER without error"))
			return
		}
		w.String("BROKER ")
		p.Broker.encode(w)
	default:
		w.String(string(p.Kind))
	}
}

func parseProxyError(b []byte) (*ProxyError, error) {
	word, rest := takeWord(b)
	switch k := ProxyKind(word); k {
	case ProxyProtocol:
		e, err := parseArg(rest, parseError)
		if err != nil {
			return nil, err
		}
		return &ProxyError{Kind: k, Protocol: e}, nil
	case ProxyBroker:
		be, err := parseArg(rest, parseBrokerError)
		if err != nil {
			return nil, err
		}
		return &ProxyError{Kind: k, Broker: be}, nil
	case ProxyBasicAuth, ProxyNoSession:
		if rest != nil {
			return nil, errBadError
		}
		return &ProxyError{Kind: k}, nil
	}
	return nil, errBadError
}

// BrokerKind is the first word of a BROKER error (proxy → relay failures).
type BrokerKind string

const (
	BrokerResponse   BrokerKind = "RESPONSE"   // + Text: unparsable response
	BrokerUnexpected BrokerKind = "UNEXPECTED" // + Text: unexpected response
	BrokerNetwork    BrokerKind = "NETWORK"    // optional Network detail
	BrokerTimeout    BrokerKind = "TIMEOUT"
	BrokerHost       BrokerKind = "HOST"
	BrokerNoService  BrokerKind = "NO_SERVICE"
	BrokerTransport  BrokerKind = "TRANSPORT" // + Transport
)

// BrokerError is the detail of ERR PROXY BROKER.
type BrokerError struct {
	Kind      BrokerKind
	Text      string          // RESPONSE, UNEXPECTED: sb(text)
	Network   *NetworkError   // NETWORK: nil = bare "NETWORK" (what the reference sends)
	Transport *TransportError // TRANSPORT
}

func (b *BrokerError) encode(w *enc.Writer) {
	switch b.Kind {
	case BrokerResponse, BrokerUnexpected:
		w.String(string(b.Kind) + " ")
		w.ShortBytes([]byte(b.Text))
	case BrokerNetwork:
		w.String("NETWORK")
		if b.Network != nil {
			w.String(" ")
			b.Network.encode(w)
		}
	case BrokerTransport:
		if b.Transport == nil {
			w.Fail(errors.New("smp: BROKER TRANSPORT without error"))
			return
		}
		w.String("TRANSPORT " + b.Transport.wire())
	default:
		w.String(string(b.Kind))
	}
}

func parseBrokerError(b []byte) (*BrokerError, error) {
	word, rest := takeWord(b)
	switch k := BrokerKind(word); k {
	case BrokerResponse, BrokerUnexpected:
		t, err := shortText(rest)
		if err != nil {
			return nil, err
		}
		return &BrokerError{Kind: k, Text: t}, nil
	case BrokerNetwork:
		if rest == nil {
			return &BrokerError{Kind: k}, nil
		}
		ne, err := parseArg(rest, parseNetworkError)
		if err != nil {
			return nil, err
		}
		return &BrokerError{Kind: k, Network: ne}, nil
	case BrokerTransport:
		te, err := parseArg(rest, parseTransportError)
		if err != nil {
			return nil, err
		}
		return &BrokerError{Kind: k, Transport: te}, nil
	case BrokerTimeout, BrokerHost, BrokerNoService:
		if rest != nil {
			return nil, errBadError
		}
		return &BrokerError{Kind: k}, nil
	}
	return nil, errBadError
}

// NetworkError is the optional detail of BROKER NETWORK.
type NetworkError struct {
	Kind string // CONNECT, TLS, UNKNOWNCA, FAILED, TIMEOUT, SUBSCRIBE
	Text string // CONNECT, TLS, SUBSCRIBE: sb(text)
}

func networkHasText(k string) bool { return k == "CONNECT" || k == "TLS" || k == "SUBSCRIBE" }

func (n *NetworkError) encode(w *enc.Writer) {
	w.String(n.Kind)
	if networkHasText(n.Kind) {
		w.String(" ")
		w.ShortBytes([]byte(n.Text))
	}
}

func parseNetworkError(b []byte) (*NetworkError, error) {
	word, rest := takeWord(b)
	switch word {
	case "CONNECT", "TLS", "SUBSCRIBE":
		t, err := shortText(rest)
		if err != nil {
			return nil, err
		}
		return &NetworkError{Kind: word, Text: t}, nil
	case "UNKNOWNCA", "FAILED", "TIMEOUT":
		if rest != nil {
			return nil, errBadError
		}
		return &NetworkError{Kind: word}, nil
	}
	return nil, errBadError
}

// TransportError is an error of the block transport or the SMP handshake
// (Transport.hs TransportError). It is also the detail of BROKER TRANSPORT.
type TransportError struct {
	Kind      string // BLOCK, VERSION, LARGE_MSG, SESSION, NO_AUTH, HANDSHAKE
	Handshake string // HANDSHAKE: PARSE, IDENTITY, BAD_AUTH, BAD_SERVICE
	Err       error  // local cause (not on the wire)
}

// Transport and handshake errors; compare with errors.Is (Kind and, when the
// target has one, Handshake must match).
var (
	ErrTransportBlock    = &TransportError{Kind: "BLOCK"}
	ErrTransportVersion  = &TransportError{Kind: "VERSION"}
	ErrTransportLargeMsg = &TransportError{Kind: "LARGE_MSG"}
	ErrTransportSession  = &TransportError{Kind: "SESSION"}
	ErrTransportNoAuth   = &TransportError{Kind: "NO_AUTH"}
	ErrHandshake         = &TransportError{Kind: "HANDSHAKE"}
	ErrHandshakeParse    = &TransportError{Kind: "HANDSHAKE", Handshake: "PARSE"}
	ErrHandshakeIdentity = &TransportError{Kind: "HANDSHAKE", Handshake: "IDENTITY"}
	ErrHandshakeBadAuth  = &TransportError{Kind: "HANDSHAKE", Handshake: "BAD_AUTH"}
	ErrHandshakeService  = &TransportError{Kind: "HANDSHAKE", Handshake: "BAD_SERVICE"}
)

func (t *TransportError) wire() string {
	if t.Kind == "HANDSHAKE" {
		return "HANDSHAKE " + t.Handshake
	}
	return t.Kind
}

func (t *TransportError) Error() string {
	s := "smp: transport error " + t.wire()
	if t.Err != nil {
		s += ": " + t.Err.Error()
	}
	return s
}

func (t *TransportError) Unwrap() error { return t.Err }

func (t *TransportError) Is(target error) bool {
	x, ok := target.(*TransportError)
	return ok && x.Kind == t.Kind && (x.Handshake == "" || x.Handshake == t.Handshake)
}

// with returns a copy carrying a local cause.
func (t *TransportError) with(err error) *TransportError {
	c := *t
	c.Err = err
	return &c
}

func withf(t *TransportError, format string, args ...any) *TransportError {
	return t.with(fmt.Errorf(format, args...))
}

func parseTransportError(b []byte) (*TransportError, error) {
	word, rest := takeWord(b)
	switch word {
	case "BLOCK", "VERSION", "LARGE_MSG", "SESSION", "NO_AUTH":
		if rest != nil {
			return nil, errBadError
		}
		return &TransportError{Kind: word}, nil
	case "HANDSHAKE":
		a, ok := afterSpace(rest)
		if !ok {
			return nil, errBadError
		}
		switch h := string(a); h {
		case "PARSE", "IDENTITY", "BAD_AUTH", "BAD_SERVICE":
			return &TransportError{Kind: word, Handshake: h}, nil
		}
	}
	return nil, errBadError
}

// jsonObject reports whether s is one valid JSON object.
func jsonObject(s string) bool {
	return len(s) >= 2 && s[0] == '{' && json.Valid([]byte(s))
}
