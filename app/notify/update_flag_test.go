package notify

import "flag"

// update is shared by every app package so that "go test ./app/... -update"
// (which regenerates app/screens/testdata) runs everywhere; only
// app/screens writes anything.
var _ = flag.Bool("update", false, "rewrite golden files under app/screens/testdata")
