using RedConnect.Synthetic.Vp8;

namespace RedConnect.Synthetic.Tests.Vp8;

/// <summary>The real clip, made by ffmpeg once per machine (cached) and loaded once per test run.</summary>
public sealed class ClipFixture : IAsyncLifetime
{
    public Vp8Clip Clip { get; private set; } = null!;

    public string Path { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Path = await Vp8Clip.EnsureAsync();
        Clip = await Vp8Clip.LoadAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class ClipCollection : ICollectionFixture<ClipFixture>
{
    public const string Name = "VP8 clip";
}
