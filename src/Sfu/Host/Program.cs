// rc-sfu: standalone Sfu program. Placeholder until the Sfu issue lands.
Console.Error.WriteLine("rc-sfu: not implemented yet");
return 2;
