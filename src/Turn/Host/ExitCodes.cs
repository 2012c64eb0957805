namespace RedConnect.Turn.Host;

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int ConfigError = 1;
    public const int RuntimeFailure = 2;
}
