package db

import "time"

type timeT = time.Time

const msec = time.Millisecond

func timeAt(ms int64) time.Time { return time.UnixMilli(ms) }
