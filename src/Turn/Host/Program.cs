// rc-turn: standalone Turn program. Placeholder until the Turn issue lands.
Console.Error.WriteLine("rc-turn: not implemented yet");
return 2;
