package chatapi_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"duplex/core/api"
	"duplex/core/chatapi"
)

func TestArchiveCommandsParse(t *testing.T) {
	for _, bad := range []string{
		`/_db export`, `/_db export `, `/_db export {}`, `/_db export []`, `/_db export "x"`,
		`/_db export {"archivePath":""}`, `/_db export {"archivePath":1}`, `/_db import {"archivePath":"a"} x`,
		`/_db import {"archivePath":"a"`, `/_db  import {"archivePath":"a"}`,
	} {
		if c, err := chatapi.Parse(bad); err == nil {
			t.Errorf("%q parsed as %#v", bad, c)
		}
	}
	c, err := chatapi.Parse(`/_db import {"archivePath":"a b.zip"}`)
	if err != nil || c.Name() != "APIImportArchive" || c.Encode() != `/_db import {"archivePath":"a b.zip"}` {
		t.Fatalf("%#v %v", c, err)
	}
}

// TestArchiveCommands: export from one core, import into another through
// the chat API; refusals come back as chatCmdError and change nothing.
func TestArchiveCommands(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "backup.duplexarchive")
	src := &chatapi.Handler{Client: newCore(t)}
	wantType(t, src, "/create user alice", "activeUser")
	wantErr(t, src, `/_db export {"archivePath":"`+path+`"}`, "commandError", "passphrase cannot be empty")
	wantErr(t, src, `/_db export {"archivePath":"`+filepath.Join(dir, "no", "such", "dir")+`","archivePassphrase":"pw"}`, "exception", "no such file")
	r := wantType(t, src, `/_db export {"archivePath":"`+path+`","archivePassphrase":"archive pw"}`, "archiveExported")
	if b, _ := chatapi.EncodeResponse(r); !sameJSON(b, `{"type":"archiveExported","archiveErrors":[]}`) {
		t.Fatalf("response %s", b)
	}
	if st, err := os.Stat(path); err != nil || st.Size() < 4096 {
		t.Fatalf("archive: %v %v", st, err)
	}
	if _, err := os.Stat(path + ".part"); !os.IsNotExist(err) {
		t.Fatalf("partial file left: %v", err)
	}

	dst := &chatapi.Handler{Client: newCore(t)}
	wantType(t, dst, "/create user bob", "activeUser")
	imp := func(pass, dbPass string) string {
		return `/_db import {"archivePath":"` + path + `","archivePassphrase":"` + pass + `","dbPassphrase":"` + dbPass + `"}`
	}
	wantErr(t, dst, imp("wrong", "db pw"), "exception", "wrong archive passphrase")
	wantErr(t, dst, `/_db import {"archivePath":"`+path+`","archivePassphrase":"archive pw"}`, "commandError", "give dbPassphrase")
	wantErr(t, dst, `/_db import {"archivePath":"`+path+`x","archivePassphrase":"archive pw","dbPassphrase":"d"}`, "exception", "no such file")
	if ps, _ := dst.Client.Profiles(context.Background()); len(ps) != 1 || ps[0].DisplayName != "bob" {
		t.Fatalf("a refused import changed the profiles: %+v", ps)
	}
	r = wantType(t, dst, imp("archive pw", "db pw"), "archiveImported")
	if b, _ := chatapi.EncodeResponse(r); !sameJSON(b, `{"type":"archiveImported","archiveErrors":[]}`) {
		t.Fatalf("response %s", b)
	}
	if ps, _ := dst.Client.Profiles(context.Background()); len(ps) != 1 || ps[0].DisplayName != "alice" {
		t.Fatalf("after import: %+v", ps)
	}
	if st, _ := dst.Client.Storage(context.Background()); st.Protection != api.ProtectionPassphrase {
		t.Fatalf("storage %+v", st)
	}
	wantType(t, dst, "/user", "activeUser")
}

func sameJSON(b []byte, want string) bool {
	var x, y any
	return json.Unmarshal(b, &x) == nil && json.Unmarshal([]byte(want), &y) == nil && reflect.DeepEqual(x, y)
}
