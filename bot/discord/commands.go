package discord

import "github.com/bwmarrin/discordgo"

// Command, sub-command and option names.
const (
	cmdAsk     = "ask"
	cmdSummary = "summary"
	cmdSources = "sources"

	subAdd    = "add"
	subList   = "list"
	subRemove = "remove"

	optQuestion = "question"
	optTopic    = "topic"
	optURL      = "url"
	optFile     = "file"
	optSource   = "source"
)

// maxChoices is Discord's limit on autocomplete choices.
const maxChoices = 25

// commands returns the slash commands summitbot registers. They exist only
// where the bot is installed to a server (not as a user app, which would let
// any user reach /sources from anywhere): /ask and /summary in the server and
// in direct messages with the bot, /sources in the server only.
func commands() []*discordgo.ApplicationCommand {
	manageServer := int64(discordgo.PermissionManageGuild)
	serverInstall := []discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	guildAndDM := []discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
	return []*discordgo.ApplicationCommand{
		{
			Name:             cmdAsk,
			Description:      "Ask about the January 2026 Paris summit on Ukraine security guarantees",
			IntegrationTypes: &serverInstall,
			Contexts:         &guildAndDM,
			Options: []*discordgo.ApplicationCommandOption{{
				Type:        discordgo.ApplicationCommandOptionString,
				Name:        optQuestion,
				Description: "Your question, e.g. Who would lead the multinational force?",
				Required:    true,
				MaxLength:   maxMessage,
			}},
		},
		{
			Name:             cmdSummary,
			Description:      "A cited summary of the Paris summit, or of one topic",
			IntegrationTypes: &serverInstall,
			Contexts:         &guildAndDM,
			Options: []*discordgo.ApplicationCommandOption{{
				Type:         discordgo.ApplicationCommandOptionString,
				Name:         optTopic,
				Description:  "Optional topic: pick a suggestion or type your own, e.g. ceasefire monitoring",
				MaxLength:    200,
				Autocomplete: true,
			}},
		},
		{
			Name:                     cmdSources,
			Description:              "Manage the articles summitbot answers from (server admins)",
			DefaultMemberPermissions: &manageServer,
			IntegrationTypes:         &serverInstall,
			Contexts:                 &guildOnly,
			Options: []*discordgo.ApplicationCommandOption{
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        subAdd,
					Description: "Load an article from a link or an uploaded file",
					Options: []*discordgo.ApplicationCommandOption{
						{
							Type:        discordgo.ApplicationCommandOptionString,
							Name:        optURL,
							Description: "http(s) link to the article",
							MaxLength:   2000,
						},
						{
							Type:        discordgo.ApplicationCommandOptionAttachment,
							Name:        optFile,
							Description: "The article as a file (HTML, PDF or text)",
						},
					},
				},
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        subList,
					Description: "List the loaded sources",
				},
				{
					Type:        discordgo.ApplicationCommandOptionSubCommand,
					Name:        subRemove,
					Description: "Unload a source",
					Options: []*discordgo.ApplicationCommandOption{{
						Type:         discordgo.ApplicationCommandOptionString,
						Name:         optSource,
						Description:  "The source to remove (type to search)",
						Required:     true,
						Autocomplete: true,
					}},
				},
			},
		},
	}
}
