package desktop

import (
	"reflect"
	"testing"
)

func TestLinks(t *testing.T) {
	yes := []string{
		"simplex:/invitation#/?v=2-7&smp=smp%3A%2F%2Fabc%40localhost",
		"simplex:/contact#/?v=2-7",
		"SIMPLEX:/i#abc/def",
		"https://simplex.chat/invitation#/?v=2-7&smp=x",
		"https://simplex.chat/contact#/?v=2-7",
		"https://smp4.simplex.im/a#MDEy?h=x",
		"https://relay.example.org/i#abc/def",
		"  https://simplex.chat/contact#/?v=2-7\n",
	}
	no := []string{
		"", "simplex:", "--data-dir", "/home/me/file.txt", "https://simplex.chat/",
		"https://simplex.chat/contact", "https://example.org/blog#top", "http://simplex.chat/contact#/?v=1",
		"mailto:me@example.org", "%zz",
	}
	for _, s := range yes {
		if !IsLink(s) {
			t.Errorf("IsLink(%q) = false", s)
		}
	}
	for _, s := range no {
		if IsLink(s) {
			t.Errorf("IsLink(%q) = true", s)
		}
	}
	got := Links([]string{"junk", " simplex:/i#a/b ", "https://simplex.chat/contact#/?v=2"})
	if want := []string{"simplex:/i#a/b", "https://simplex.chat/contact#/?v=2"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("Links = %q, want %q", got, want)
	}
}
