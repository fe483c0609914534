import PartyStatsCommands

PartyStats.mainWithUserFacingErrors()
