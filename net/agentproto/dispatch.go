package agentproto

// Received says what a decrypted per-queue message is, given what the
// receiving queue knew (the reference's processSMP dispatch, Agent.hs).
type Received uint8

// Values are explicit: the agent may log or store them.
const (
	ReceivedConfirmation         Received = 1 // first message: start/continue the handshake
	ReceivedInvitation           Received = 2 // contact request on a contact queue
	ReceivedMessage              Received = 3 // MsgEnvelope for the ratchet
	ReceivedRatchetKey           Received = 4 // re-sync request
	ReceivedRepeatedConfirmation Received = 5 // confirmation delivered again (ACK lost): just ACK
)

// Classify applies the reference's rules on which header/envelope pairs a
// queue accepts. hadSecret: the queue already had the peer's e2e key (so the
// envelope must not carry one); keyInHeader: the ClientMsgEnvelope carried
// a sender key; senderCanSecure: the queue is a messaging queue secured by
// the sender (SKEY). Anything else is A_PROHIBITED (the reference ACKs and
// reports it).
func Classify(hadSecret, keyInHeader, senderCanSecure bool, m *ClientMessage, e Envelope) (Received, error) {
	legacy := m.SenderAuthKey != nil
	switch {
	case !hadSecret && keyInHeader:
		switch e.(type) {
		case *Confirmation:
			if legacy || senderCanSecure {
				return ReceivedConfirmation, nil
			}
			return 0, prohibited("handshake: missing sender key")
		case *Invitation:
			if !legacy {
				return ReceivedInvitation, nil
			}
		}
		return 0, prohibited("handshake: incorrect state")
	case hadSecret && !keyInHeader:
		if !legacy {
			switch e.(type) {
			case *RatchetKey:
				return ReceivedRatchetKey, nil
			case *MsgEnvelope:
				return ReceivedMessage, nil
			}
		}
		return 0, prohibited("msg: bad client msg")
	case hadSecret && keyInHeader:
		if _, ok := e.(*Confirmation); ok {
			return ReceivedRepeatedConfirmation, nil
		}
		return 0, prohibited("msg: public header")
	}
	return 0, prohibited("msg: no keys")
}

func prohibited(s string) error { return &Error{Kind: KindProhibited, Detail: s} }
