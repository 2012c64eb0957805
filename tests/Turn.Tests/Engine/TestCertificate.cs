using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RedConnect.Turn.Tests.Engine;

/// <summary>A self-signed P-256 certificate for "localhost"/127.0.0.1 written as PEM files, deleted on dispose.</summary>
public sealed class TestCertificate : IDisposable
{
    private readonly string _directory;

    private TestCertificate(string directory)
    {
        _directory = directory;
    }

    public string CertificatePath => Path.Combine(_directory, "cert.pem");

    public string KeyPath => Path.Combine(_directory, "key.pem");

    public static TestCertificate Create()
    {
        var directory = Directory.CreateTempSubdirectory("rc-turn-tls-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var result = new TestCertificate(directory);
        File.WriteAllText(result.CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(result.KeyPath, key.ExportPkcs8PrivateKeyPem());
        return result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
