package db

import (
	"fmt"
	"testing/fstest"
)

// migRows matches crashproc's constant: rows each synthetic migration inserts.
const migRows = 1000

// synthMigrations matches the set crashproc applies.
func synthMigrations(n int) fstest.MapFS {
	m := fstest.MapFS{}
	for i := 1; i <= n; i++ {
		m[fmt.Sprintf("%03d_step.sql", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`
CREATE TABLE m%d(id INTEGER PRIMARY KEY, b BLOB);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < %d)
INSERT INTO m%d SELECT x, randomblob(200) FROM c;`, i, migRows, i))}
	}
	return m
}
