package smp

// CheckCredentials applies the reference relay's rules about which
// transmissions must, may or must not carry an authorization and an entity
// id (Protocol.hs checkCredentials). It returns the ERR to send, or nil.
func CheckCredentials(hasAuth bool, entityID []byte, c Command) *Error {
	hasEntity := len(entityID) > 0
	switch c.(type) {
	case NEW:
		if !hasAuth {
			return ErrNoAuth
		}
		if hasEntity {
			return ErrHasAuth
		}
	case SEND:
		if !hasEntity {
			return ErrNoEntity
		}
	case LGET, PFWD:
		if !hasEntity {
			return ErrNoEntity
		}
		if hasAuth {
			return ErrHasAuth
		}
	case PING, PRXY, RFWD:
		if hasAuth || hasEntity {
			return ErrHasAuth
		}
	default:
		if !hasAuth || !hasEntity {
			return ErrNoAuth
		}
	}
	return nil
}

// CheckResponseEntity applies the client-side rule: PONG, PKEY and RRES carry
// no entity id, IDS and ERR may or may not, every other response needs one.
func CheckResponseEntity(entityID []byte, r Response) *Error {
	switch r.(type) {
	case IDS, ERR:
		return nil
	case PONG, PKEY, RRES:
		if len(entityID) > 0 {
			return ErrHasAuth
		}
		return nil
	}
	if len(entityID) == 0 {
		return ErrNoEntity
	}
	return nil
}
