import PartyStatsCommands

PartyStats.main()
