using Npgsql;

namespace AndyAI.Storage.Tests;

public sealed class DatabaseUrlTests
{
    [Test]
    public void Parse_PostgresUrl_GivesConnectionStringPasswordAndASafeDescription()
    {
        DatabaseUrl url = DatabaseUrl.Parse("postgres://bot:p%40ss%3Aword@db.internal:6543/andyai?sslmode=disable");

        var builder = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.That((builder.Host, builder.Port, builder.Database, builder.Username, builder.Password), Is.EqualTo(("db.internal", 6543, "andyai", "bot", "p@ss:word")));
        Assert.That(builder.SslMode, Is.EqualTo(SslMode.Disable));
        Assert.That(url.Password, Is.EqualTo("p@ss:word"));
        Assert.That(url.Description, Is.EqualTo("PostgreSQL bot@db.internal:6543/andyai"));
        Assert.That(url.Description, Does.Not.Contain("word"));
    }

    [Test]
    public void Parse_DefaultsToPreparedStatementsAndNoResetOnClose_UnlessTheConnectionStringSaysOtherwise()
    {
        var defaults = new NpgsqlConnectionStringBuilder(DatabaseUrl.Parse("postgres://bot:pw@db/andyai").ConnectionString);
        var own = new NpgsqlConnectionStringBuilder(DatabaseUrl.Parse("Host=db;Database=andyai;Max Auto Prepare=0;No Reset On Close=false").ConnectionString);

        Assert.That((defaults.MaxAutoPrepare, defaults.NoResetOnClose, defaults.ApplicationName), Is.EqualTo((32, true, "AndyAI")));
        Assert.That((own.MaxAutoPrepare, own.NoResetOnClose), Is.EqualTo((0, false)));
    }

    [Test]
    public void Parse_PostgresqlSchemeWithoutPort_UsesTheDefaultPort()
    {
        DatabaseUrl url = DatabaseUrl.Parse("postgresql://bot@localhost/andyai");

        Assert.That(new NpgsqlConnectionStringBuilder(url.ConnectionString).Port, Is.EqualTo(5432));
        Assert.That(url.Password, Is.Null);
    }

    [Test]
    public void Parse_NpgsqlConnectionString_IsAccepted()
    {
        DatabaseUrl url = DatabaseUrl.Parse("Host=127.0.0.1;Port=5433;Database=andyai;Username=bot;Password=hunter22");

        Assert.That(url.Password, Is.EqualTo("hunter22"));
        Assert.That(url.Description, Is.EqualTo("PostgreSQL bot@127.0.0.1:5433/andyai"));
    }

    [TestCase("mysql://bot:pw@host/db", "scheme 'mysql'")]
    [TestCase("Host=x;Bogus=1", "not a valid Npgsql connection string")]
    [TestCase("Database=andyai", "names no host")]
    [TestCase("postgres://bot:secretpw@host/db?nonsense=1", "nonsense")]
    public void Parse_Invalid_SaysWhatIsWrong_WithoutThePassword(string value, string expected)
    {
        FormatException? error = Assert.Throws<FormatException>(() => DatabaseUrl.Parse(value));

        Assert.That(error!.Message, Does.Contain(expected));
        Assert.That(error.Message, Does.Not.Contain("secretpw"));
    }
}
