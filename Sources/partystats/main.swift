import PartyStatsCommands
import PartyWeb

PartyStats.mainWithUserFacingErrors(root: PartyStatsWithPage.self)
