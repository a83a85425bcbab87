package bot

import (
	"fmt"

	"github.com/studybot/studybot/quiz"
)

// aboutFAQPrefix starts the id of an entry about the bot itself.
const aboutFAQPrefix = "bot-"

// aboutFAQ are the FAQ entries about the bot itself rather than one of its commands or a pack's exam: what
// it is and who runs it, what to do when it does not work, where it runs, and what it keeps about a
// member. Every pack's FAQ has them, as it has the commands'. Each fact is the product's own (its README,
// its command table, its store), written once here.
func aboutFAQ() []quiz.FAQEntry {
	return []quiz.FAQEntry{
		{ID: aboutFAQPrefix + "about", Question: "What is studybot, who runs it, and where do its questions come from?",
			Also: []string{"is studybot free", "who runs this bot", "is the bot open source", "can I add this bot to another server",
				"is the bot a chatbot like ChatGPT", "where do the quiz questions come from", "who wrote the quiz questions", "who maintains the bot",
				"how do I report a bug in the bot", "can I run my own copy of studybot", "who do I ask about the bot", "does the bot cost money",
				"am I talking to a real person", "are you ChatGPT or a similar chatbot", "who created this bot", "who made the bot", "can you write an essay for me", "can you do homework or translate for me",
				"can the bot look things up online for me", "is a human answering these"},
			Answer: "studybot is free, open-source software (MIT licence) for study groups on Discord and Slack. Each copy is " +
				"run by whoever set it up (its operator), and one copy can serve several servers or workspaces, so your " +
				"moderators are the people to ask about it here; anyone can run their own copy by following the project's " +
				"README. It is not an AI chat model: it answers from a fixed FAQ and its commands, so it cannot chat, " +
				"write for you or look things up. Each channel's daily questions come from one pack, which a moderator " +
				"picks with /study pack use: a pack that comes with the bot, whose authors wrote each question with a " +
				"source; a pack the group imported from a file; or the group's own pack of questions members wrote with " +
				"/study question add and moderators approved. Report a problem with a question with /study flag; a problem " +
				"with the bot itself goes to your moderators."},
		{ID: aboutFAQPrefix + "trouble", Question: "The bot is not working for me: no /study, no buttons, or it cannot post here. What now?",
			Also: []string{"the bot does not respond", "the bot's command does not show up in our server", "the bot can't post in our channel",
				"why do I not see the answer buttons", "the bot has gone quiet", "the bot stopped posting", "this interaction failed",
				"the bot lacks access to our channel", "the bot is broken", "the bot ignores me", "the daily question did not post today",
				"who do I tell when the bot breaks"},
			Answer: "Most of it is setup, which a moderator can fix. No /study on Discord: the bot must be added with the " +
				"applications.commands scope, and a newly registered command can take a while to appear; on Slack, the app " +
				"must be installed in the workspace. Cannot post in a channel: on Slack, invite it there (/invite " +
				"@studybot), private channels too; on Discord, give it View Channel, Send Messages, Embed Links and Read " +
				"Message History there (Attach Files for the weekly recap's chart, and Create Public Threads and Send " +
				"Messages in Threads for the discussion threads). The next moderator command in that channel says what is " +
				"missing. \"This interaction failed\", or no reply at all, usually means the bot is offline or restarting: " +
				"try again in a minute, then tell a moderator. A question without buttons has closed (its reveal follows), " +
				"and notifications show only a message's text: open the channel, or use /study today for a private copy of " +
				"the open question with buttons."},
		{ID: aboutFAQPrefix + "apps", Question: "Does the bot work on my phone, in other languages, or read questions aloud?",
			Also: []string{"is there a mobile app", "does it work on the phone", "which languages does the bot speak",
				"can the bot post in french", "can it read questions out loud", "does it have a dark theme", "does the bot work on Teams or WhatsApp",
				"can I get the question in a direct message", "is there an app to download", "does it work in a browser",
				"can it send me the daily question by dm instead of the channel", "does the bot speak other languages like spanish"},
			Answer: "It lives inside Discord and Slack, so it works wherever they do: desktop, browser and their phone apps; " +
				"there is no separate app to install, and no other chat platform. Its own replies, buttons and help are in " +
				"English, and it understands questions asked in English; a pack a group imports or writes may be in " +
				"another language, and its questions are then posted in that language. It has no voice, but your device's " +
				"screen reader can read its messages aloud, and its messages follow your app's light or dark mode. The " +
				"daily question is posted in the channel, never sent to each member: /study today shows the open one to " +
				"you privately, with buttons, and /study remind on sends you a direct message, at most one a day at your " +
				"time, when something is waiting (reviews due, a daily question closing before you answered it, a streak " +
				"at risk)."},
		{ID: aboutFAQPrefix + "data", Question: "What does the bot store about me, and who can see it?",
			Also: []string{"what data does the bot store", "can I hide my name from the leaderboard", "delete my data", "is my record still there if I leave the server",
				"privacy of my results", "opt out of the leaderboard", "are my mistakes private", "can other members see what I answered",
				"is my readiness private"},
			Answer: fmt.Sprintf("In the database of whoever runs this copy: your platform user id and display name, every answer you give "+
				"(daily, practice, review, flashcards, mock exams) with the option you chose, your points and streak, what "+
				"you set (time zone, reminder, exam date), your /study flag reports and the questions you write. Your name "+
				"and points show on the leaderboard (top %d), in the weekly recap in the channel (top 5, most improved) "+
				"and on the group's web page, which anyone with its link can open. Any member can see your /study stats: "+
				"your daily answers, points, streak and rank, per domain too. Your practice, reviews, mock exams, "+
				"readiness, goal, mistakes and history are yours alone: moderators see them only as group totals. Leaving "+
				"the server deletes nothing, so your scores are still there if you come back. There is no command to hide "+
				"from the leaderboard or erase your data: ask your moderators, who can ask whoever runs the bot.", boardTop)},
	}
}
