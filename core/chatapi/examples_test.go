package chatapi

import "strings"

// Examples written from upstream bots/api/TYPES.md and EVENTS.md: every
// member named there for the types involved, in the shapes a current core
// writes. "futureField" members stand for what a newer core may add.
const (
	exProfile      = `{"displayName":"alice","fullName":"Alice A","shortDescr":"hi","image":"data:image/png;base64,AAAA","preferences":{"timedMessages":{"allow":"yes"}}}`
	exLocalProfile = `{"profileId":1,"displayName":"alice","fullName":"","localAlias":"","preferences":{"reactions":{"allow":"yes"}}}`
	exUser         = `{"userId":1,"agentUserId":1,"userContactId":1,"localDisplayName":"alice","profile":` + exLocalProfile +
		`,"fullPreferences":{"timedMessages":{"allow":"yes"}},"activeUser":true,"activeOrder":3,"showNtfs":true,"sendRcptsContacts":true,"sendRcptsSmallGroups":false,"autoAcceptMemberContacts":false,"uiThemes":{"light":null}}`
	exLink = `{"connFullLink":"simplex:/invitation#/?v=2-7&smp=smp%3A%2F%2Fabc%40localhost%3A5001%2Fq%23k","connShortLink":"https://localhost/i#abc"}`
	exPCC  = `{"pccConnId":4,"pccAgentConnId":"YWJj","pccConnStatus":"new","viaContactUri":false,"groupLinkId":"Z2w=","connLinkInv":` + exLink +
		`,"localAlias":"","createdAt":"2026-11-22T10:00:00.123456Z","updatedAt":"2026-11-22T10:00:00Z"}`
	exContact  = `{"contactId":2,"localDisplayName":"bob","profile":{"profileId":2,"displayName":"bob","fullName":"","localAlias":""},"activeConn":{"connId":5,"connStatus":"ready"},"contactUsed":true,"contactStatus":"active","chatSettings":{"enableNtfs":"all","favorite":false},"userPreferences":{},"mergedPreferences":{},"createdAt":"2026-11-22T10:00:00Z","updatedAt":"2026-11-22T10:00:01Z","chatTs":"2026-11-22T10:00:02Z","chatDeleted":false}`
	exRequest  = `{"contactRequestId":6,"agentInvitationId":"aW52","contactId_":3,"userContactLinkId_":1,"cReqChatVRange":{"minVersion":1,"maxVersion":16},"localDisplayName":"carol","profileId":9,"profile":{"displayName":"carol","fullName":""},"createdAt":"2026-11-22T10:00:00Z","updatedAt":"2026-11-22T10:00:00Z","pqSupport":true}`
	exChatInfo = `{"type":"direct","contact":` + exContact + `}`
	exItem     = `{"chatDir":{"type":"directRcv"},"meta":{"itemId":17,"itemTs":"2026-11-22T10:00:03Z","itemText":"hello","itemStatus":{"type":"rcvNew"},"itemSharedMsgId":"AQID","itemEdited":false,"userMention":false,"hasLink":false,"deletable":true,"editable":false,"showGroupAsSender":false,"createdAt":"2026-11-22T10:00:03Z","updatedAt":"2026-11-22T10:00:03Z"},` +
		`"content":{"type":"rcvMsgContent","msgContent":{"type":"text","text":"hello"}},"mentions":{},"formattedText":[{"text":"hello"}],"reactions":[{"reaction":{"type":"emoji","emoji":"👍"},"userReacted":true,"totalReacted":1}]}`
	exSndItem = `{"chatDir":{"type":"directSnd"},"meta":{"itemId":18,"itemTs":"2026-11-22T10:00:04Z","itemText":"hi <b> & more","itemStatus":{"type":"sndSent","sndProgress":"complete"},"sentViaProxy":true,"itemEdited":true,"itemTimed":{"ttl":30,"deleteAt":"2026-11-22T10:00:34Z"},"itemLive":false,"userMention":false,"deletable":true,"editable":true,"createdAt":"2026-11-22T10:00:04Z","updatedAt":"2026-11-22T10:00:05Z"},` +
		`"content":{"type":"sndMsgContent","msgContent":{"type":"link","text":"see https://x.org","preview":{"uri":"https://x.org","title":"X","description":"","image":"data:image/jpg;base64,AA=="}}},"mentions":{},"quotedItem":{"itemId":17,"sentAt":"2026-11-22T10:00:03Z","content":{"type":"text","text":"hello"}},"reactions":[]}`
	exDeletedItem = `{"chatDir":{"type":"groupRcv","groupMember":{"groupMemberId":3,"memberId":"bWVt"}},"meta":{"itemId":19,"itemTs":"2026-11-22T10:00:05Z","itemText":"deleted","itemStatus":{"type":"rcvRead"},"itemDeleted":{"type":"deleted","chatType":"group"},"itemForwarded":{"type":"unknown"},"itemEdited":false,"userMention":true,"deletable":false,"editable":false,"forwardedByMember":4,"createdAt":"2026-11-22T10:00:05Z","updatedAt":"2026-11-22T10:00:06Z"},` +
		`"content":{"type":"rcvDeleted","deleteMode":"broadcast"},"mentions":{},"reactions":[]}`
	exGroupInfo    = `{"type":"group","groupInfo":{"groupId":3,"localDisplayName":"team","groupProfile":{"displayName":"team","fullName":""}},"groupChatScope":{"type":"memberSupport"}}`
	exAChatItem    = `{"chatInfo":` + exChatInfo + `,"chatItem":` + exItem + `}`
	exAChatItemSnd = `{"chatInfo":` + exChatInfo + `,"chatItem":` + exSndItem + `}`
	exAChatItemGrp = `{"chatInfo":` + exGroupInfo + `,"chatItem":` + exDeletedItem + `}`
	exStats        = `{"unreadCount":2,"unreadMentions":0,"reportsCount":0,"minUnreadItemId":17,"unreadChat":false}`
	exAddress      = `{"userContactLinkId":1,"connLinkContact":{"connFullLink":"simplex:/contact#/?v=2-7&smp=x"},"shortLinkDataSet":true,"shortLinkLargeDataSet":false,"addressSettings":{"businessAddress":false,"autoAccept":{"acceptIncognito":false},"autoReply":{"type":"text","text":"welcome!"}}}`
)

// responseExamples has one or more examples per modelled tag.
var responseExamples = map[string][]string{
	"activeUser":  {`{"type":"activeUser","user":` + exUser + `}`},
	"usersList":   {`{"type":"usersList","users":[{"user":` + exUser + `,"unreadCount":5}]}`, `{"type":"usersList","users":[]}`},
	"chatStarted": {`{"type":"chatStarted"}`},
	"chatRunning": {`{"type":"chatRunning"}`},
	"chatStopped": {`{"type":"chatStopped"}`},
	"invitation":  {`{"type":"invitation","user":` + exUser + `,"connLinkInvitation":` + exLink + `,"connection":` + exPCC + `}`},
	"connectionPlan": {
		`{"type":"connectionPlan","user":` + exUser + `,"connLink":` + exLink + `,"connectionPlan":{"type":"invitationLink","invitationLinkPlan":{"type":"ok","contactSLinkData_":{"profile":{"displayName":"x","fullName":""}}}}}`,
		`{"type":"connectionPlan","user":` + exUser + `,"connLink":` + exLink + `,"connectionPlan":{"type":"contactAddress","contactAddressPlan":{"type":"known","contact":` + exContact + `}}}`,
		`{"type":"connectionPlan","user":` + exUser + `,"connLink":` + exLink + `,"connectionPlan":{"type":"error","chatError":{"type":"errorAgent","agentError":{"type":"SMP","serverAddress":"smp://x@h","smpErr":{"type":"AUTH"}}}}}`,
	},
	"sentConfirmation":         {`{"type":"sentConfirmation","user":` + exUser + `,"connection":` + exPCC + `}`},
	"sentInvitation":           {`{"type":"sentInvitation","user":` + exUser + `,"connection":` + exPCC + `,"customUserProfile":` + exProfile + `}`},
	"contactAlreadyExists":     {`{"type":"contactAlreadyExists","user":` + exUser + `,"contact":` + exContact + `}`},
	"userContactLinkCreated":   {`{"type":"userContactLinkCreated","user":` + exUser + `,"connLinkContact":` + exLink + `}`},
	"userContactLink":          {`{"type":"userContactLink","user":` + exUser + `,"contactLink":` + exAddress + `}`},
	"userContactLinkDeleted":   {`{"type":"userContactLinkDeleted","user":` + exUser + `}`},
	"acceptingContactRequest":  {`{"type":"acceptingContactRequest","user":` + exUser + `,"contact":` + exContact + `}`},
	"contactRequestRejected":   {`{"type":"contactRequestRejected","user":` + exUser + `,"contactRequest":` + exRequest + `,"contact_":` + exContact + `}`},
	"contactsList":             {`{"type":"contactsList","user":` + exUser + `,"contacts":[` + exContact + `]}`},
	"userProfileUpdated":       {`{"type":"userProfileUpdated","user":` + exUser + `,"fromProfile":` + exProfile + `,"toProfile":{"displayName":"alice2","fullName":""},"updateSummary":{"updateSuccesses":1,"updateFailures":0,"changedContacts":[]}}`},
	"userProfileNoChange":      {`{"type":"userProfileNoChange","user":` + exUser + `}`},
	"contactDeleted":           {`{"type":"contactDeleted","user":` + exUser + `,"contact":` + exContact + `}`},
	"contactConnectionDeleted": {`{"type":"contactConnectionDeleted","user":` + exUser + `,"connection":` + exPCC + `}`},
	"contactConnected":         {`{"type":"contactConnected","user":` + exUser + `,"contact":` + exContact + `}`, `{"type":"contactConnected","user":` + exUser + `,"contact":` + exContact + `,"userCustomProfile":` + exProfile + `}`},
	"receivedContactRequest":   {`{"type":"receivedContactRequest","user":` + exUser + `,"contactRequest":` + exRequest + `,"chat_":{"chatInfo":{"type":"contactRequest","contactRequest":` + exRequest + `},"chatItems":[],"chatStats":` + exStats + `}}`},
	"newChatItems":             {`{"type":"newChatItems","user":` + exUser + `,"chatItems":[` + exAChatItem + `,` + exAChatItemSnd + `]}`},
	"chatItemUpdated":          {`{"type":"chatItemUpdated","user":` + exUser + `,"chatItem":` + exAChatItemSnd + `}`},
	"chatItemReaction":         {`{"type":"chatItemReaction","user":` + exUser + `,"added":true,"reaction":{"chatInfo":` + exChatInfo + `,"chatReaction":{"chatDir":{"type":"directRcv"},"chatItem":` + exSndItem + `,"sentAt":"2026-11-22T10:00:07Z","reaction":{"type":"emoji","emoji":"👍"}}}}`},
	"chatItemsDeleted":         {`{"type":"chatItemsDeleted","user":` + exUser + `,"chatItemDeletions":[{"deletedChatItem":` + exAChatItem + `,"toChatItem":` + exAChatItemGrp + `},{"deletedChatItem":` + exAChatItemSnd + `}],"byUser":false,"timed":false}`},
	"chatItemsStatusesUpdated": {`{"type":"chatItemsStatusesUpdated","user":` + exUser + `,"chatItems":[` + exAChatItemSnd + `]}`},
	"apiChats":                 {`{"type":"apiChats","user":` + exUser + `,"chats":[{"chatInfo":` + exChatInfo + `,"chatItems":[` + exItem + `],"chatStats":` + exStats + `},{"chatInfo":{"type":"contactConnection","contactConnection":` + exPCC + `},"chatItems":[],"chatStats":` + exStats + `}]}`},
	"apiChat":                  {`{"type":"apiChat","user":` + exUser + `,"chat":{"chatInfo":` + exGroupInfo + `,"chatItems":[` + exDeletedItem + `],"chatStats":` + exStats + `},"navInfo":{"afterUnread":0,"afterTotal":0}}`},
	"cmdOk":                    {`{"type":"cmdOk","user_":` + exUser + `}`, `{"type":"cmdOk"}`},
	"chatCmdError": {
		`{"type":"chatCmdError","chatError":{"type":"error","errorType":{"type":"noActiveUser"}}}`,
		`{"type":"chatCmdError","chatError":{"type":"errorStore","storeError":{"type":"contactNotFound","contactId":9}}}`,
		`{"type":"chatCmdError","user_":` + exUser + `,"chatError":{"type":"errorAgent","agentError":{"type":"BROKER","brokerAddress":"h","brokerErr":{"type":"TIMEOUT"}},"connectionEntity_":{"type":"rcvDirectMsgConnection"}}}`,
	},
}

// withFuture adds a member no current core writes at every object level
// that has "type" or is a record, to show unknown members survive.
func withFuture(s string) string {
	return strings.Replace(s, `{"type":"`, `{"futureField":[1,{"a":null}],"type":"`, -1)
}
