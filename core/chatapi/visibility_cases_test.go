package chatapi

func init() {
	commandCases = append(commandCases, struct {
		line string
		want Command
	}{"/_servers_of @12", APIGetContactServers{ContactID: 12}})
	responseExamples["contactServers"] = []string{
		`{"type":"contactServers","contactServers":{"contactId":2,"receive":[{"host":"smp1.simplex.im","operator":"SimpleX Chat"}],"send":[{"host":"smp1.simplex.im","operator":"SimpleX Chat"}],"proxies":[{"host":"smp1.own.example","own":true}],"sameOperator":true,"warnings":["One operator holds both directions of this conversation: it can correlate when you and your contact send and receive."]}}`,
	}
}
