package agent

import (
	"sync"
	"time"

	"duplex/net/agentproto"
)

// EventType numbers are stable: the core may persist or log them.
type EventType int

const (
	EvINV    EventType = 1  // invitation created (Link)
	EvCONF   EventType = 2  // joiner's confirmation arrived (ConfirmationID, Info)
	EvREQ    EventType = 3  // contact request arrived on an address (ConfirmationID = invitation id, Info)
	EvINFO   EventType = 4  // peer's profile on the joining side (Info)
	EvCON    EventType = 5  // connection established
	EvMSG    EventType = 6  // message received (MsgID, Body, Integrity); AckMessage when processed
	EvRCVD   EventType = 7  // delivery receipt for our MsgID (RcptOK)
	EvSENT   EventType = 8  // relay accepted our MsgID
	EvMERR   EventType = 9  // error about a message (MsgID may be 0) or a connection
	EvEND    EventType = 10 // another client subscribed to our queue
	EvDELD   EventType = 11 // queue deleted on the relay
	EvSWITCH EventType = 12 // queue rotation phase
	EvRSYNC  EventType = 13 // ratchet re-sync state change
	EvUP     EventType = 14 // relay connected (Server)
	EvDOWN   EventType = 15 // relay disconnected (Server)
)

var eventNames = map[EventType]string{EvINV: "INV", EvCONF: "CONF", EvREQ: "REQ", EvINFO: "INFO", EvCON: "CON", EvMSG: "MSG",
	EvRCVD: "RCVD", EvSENT: "SENT", EvMERR: "MERR", EvEND: "END", EvDELD: "DELD", EvSWITCH: "SWITCH", EvRSYNC: "RSYNC",
	EvUP: "UP", EvDOWN: "DOWN"}

func (t EventType) String() string {
	if s, ok := eventNames[t]; ok {
		return s
	}
	return "EVENT?"
}

// Event is what the agent reports. Fields not meaningful for a type are zero.
type Event struct {
	Type           EventType
	ConnID         string
	MsgID          int64 // MSG: our inbox id (for AckMessage); SENT/RCVD/MERR: the id Send returned
	ConfirmationID string
	Info           []byte // CONF/REQ/INFO: the peer's conn info
	Body           []byte // MSG
	Integrity      agentproto.Integrity
	BrokerTS       time.Time
	RcptOK         bool // RCVD: the receipt's hash matches what we sent
	Server         string
	// Err: MERR's cause; on SENT, the private-routing failure after which
	// the message went directly (the fallback), else nil.
	Err error
	// Via (SENT): the host of the proxy relay the message went through,
	// "" when it was sent directly.
	Via string
	// SWITCH: which of our queues rotates (receive: we switch our address;
	// send: the peer switches the queue we send to) and the phase reached.
	SwitchDir   QueueDirection
	SwitchPhase SwitchPhase
	// RSYNC: the connection's ratchet synchronization state.
	Sync RatchetSyncState
}

// RatchetSyncState is a connection's ratchet synchronization state
// (upstream RatchetSyncState). Numbers are stable.
type RatchetSyncState int

const (
	SyncOK       RatchetSyncState = 1 // ratchets agree
	SyncAllowed  RatchetSyncState = 2 // a decryption failed; re-sync may help (SynchronizeRatchet)
	SyncRequired RatchetSyncState = 3 // the ratchets diverged; nothing can be sent until re-sync
	SyncStarted  RatchetSyncState = 4 // we sent our ratchet keys, waiting for the peer's
	SyncAgreed   RatchetSyncState = 5 // both keys exchanged, new ratchet made; OK on the first message
)

func (s RatchetSyncState) String() string {
	switch s {
	case SyncOK:
		return "ok"
	case SyncAllowed:
		return "allowed"
	case SyncRequired:
		return "required"
	case SyncStarted:
		return "started"
	case SyncAgreed:
		return "agreed"
	}
	return "sync?"
}

// QueueDirection says which side of a connection a SWITCH is about
// (upstream QueueDirection). Numbers are stable.
type QueueDirection int

const (
	QueueRcv QueueDirection = 1 // one of our receive queues is replaced
	QueueSnd QueueDirection = 2 // the peer replaces the queue we send to
)

func (d QueueDirection) String() string {
	switch d {
	case QueueRcv:
		return "rcv"
	case QueueSnd:
		return "snd"
	}
	return "dir?"
}

// SwitchPhase is the phase a queue rotation reached (upstream SwitchPhase).
// Numbers are stable.
type SwitchPhase int

const (
	SwitchStarted   SwitchPhase = 1 // rcv: new queue made, QADD queued; snd: QADD received, QKEY queued
	SwitchConfirmed SwitchPhase = 2 // rcv: QKEY received; snd: QKEY sent
	SwitchSecured   SwitchPhase = 3 // rcv: new queue KEYed, QUSE queued; snd: QUSE received, QTEST queued
	SwitchCompleted SwitchPhase = 4 // rcv: old queue deleted; snd: QTEST sent, old queue forgotten
)

func (p SwitchPhase) String() string {
	switch p {
	case SwitchStarted:
		return "started"
	case SwitchConfirmed:
		return "confirmed"
	case SwitchSecured:
		return "secured"
	case SwitchCompleted:
		return "completed"
	}
	return "phase?"
}

// eventQueue is unbounded so that the agent never blocks on a slow consumer
// while it holds connection state (the consumer may call back into the agent).
type eventQueue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	q      []Event
	closed bool
	out    chan Event
	done   chan struct{}
	// The event run is trying to hand out, and how drop cancels it.
	inflight string
	dropped  chan struct{}
}

func newEventQueue() *eventQueue {
	e := &eventQueue{out: make(chan Event), done: make(chan struct{}), dropped: make(chan struct{}, 1)}
	e.cond = sync.NewCond(&e.mu)
	go e.run()
	return e
}

func (e *eventQueue) push(ev ...Event) {
	e.mu.Lock()
	if !e.closed {
		e.q = append(e.q, ev...)
		e.cond.Signal()
	}
	e.mu.Unlock()
}

// drop removes the queued events of a deleted connection.
func (e *eventQueue) drop(connID string) {
	e.mu.Lock()
	q := e.q[:0]
	for _, ev := range e.q {
		if ev.ConnID != connID {
			q = append(q, ev)
		}
	}
	clear(e.q[len(q):])
	e.q = q
	if e.inflight == connID {
		select {
		case e.dropped <- struct{}{}:
		default:
		}
	}
	e.mu.Unlock()
}

func (e *eventQueue) close() {
	e.mu.Lock()
	if !e.closed {
		close(e.done)
	}
	e.closed = true
	e.cond.Signal()
	e.mu.Unlock()
}

func (e *eventQueue) run() {
	defer close(e.out)
	for {
		e.mu.Lock()
		for len(e.q) == 0 && !e.closed {
			e.cond.Wait()
		}
		if e.closed {
			e.mu.Unlock()
			return
		}
		ev := e.q[0]
		e.q = e.q[1:]
		e.inflight = ev.ConnID
		e.mu.Unlock()
		select {
		case e.out <- ev:
		case <-e.dropped:
		case <-e.done:
			return
		}
		e.mu.Lock()
		e.inflight = ""
		select { // a drop that came after the hand-out was already too late
		case <-e.dropped:
		default:
		}
		e.mu.Unlock()
	}
}
