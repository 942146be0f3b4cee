package chatapi

func init() {
	commandCases = append(commandCases, []struct {
		line string
		want Command
	}{
		{`/_db export {"archivePath":"/tmp/a.duplexarchive","archivePassphrase":"pw"}`,
			APIExportArchive{Config: raw(`{"archivePath":"/tmp/a.duplexarchive","archivePassphrase":"pw"}`)}},
		{`/_db import {"archivePath":"/tmp/a.duplexarchive","disableCompression":true,"parentTempDirectory":"/tmp","archivePassphrase":"pw","dbPassphrase":"db"}`,
			APIImportArchive{Config: raw(`{"archivePath":"/tmp/a.duplexarchive","disableCompression":true,"parentTempDirectory":"/tmp","archivePassphrase":"pw","dbPassphrase":"db"}`)}},
	}...)
	responseExamples["archiveExported"] = []string{`{"type":"archiveExported","archiveErrors":[]}`}
	responseExamples["archiveImported"] = []string{`{"type":"archiveImported","archiveErrors":[]}`}
}
