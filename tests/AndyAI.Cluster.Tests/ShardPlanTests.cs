namespace AndyAI.Cluster.Tests;

public sealed class ShardPlanTests
{
    [Test]
    public void Parse_Defaults_AreAutoAndAllWithoutRedis_AnyWithIt()
    {
        Assert.That(ShardPlan.Parse(null, null, clustered: false), Is.EqualTo(new ShardPlan(0, null, false)));
        Assert.That(ShardPlan.Parse(null, null, clustered: true), Is.EqualTo(new ShardPlan(0, null, true)));
    }

    [TestCase("0,2", new[] { 0, 2 })]
    [TestCase("0-3", new[] { 0, 1, 2, 3 })]
    [TestCase(" 3 , 1-2 ", new[] { 1, 2, 3 })]
    [TestCase("2,2,0", new[] { 0, 2 })]
    public void Parse_IdsAndRanges_AreSortedAndDistinct(string ids, int[] expected)
    {
        ShardPlan plan = ShardPlan.Parse("4", ids, clustered: false);

        Assert.That(plan.Ids, Is.EqualTo(expected));
        Assert.That(plan.ShardCount, Is.EqualTo(4));
        Assert.That(plan.Any, Is.False);
    }

    [TestCase("auto", 0)]
    [TestCase("AUTO", 0)]
    [TestCase("16", 16)]
    public void Parse_ShardCount_NumberOrAuto(string count, int expected) =>
        Assert.That(ShardPlan.Parse(count, "all", clustered: false).ShardCount, Is.EqualTo(expected));

    [TestCase("0", "all", "SHARD_COUNT '0'")]
    [TestCase("-1", "all", "SHARD_COUNT '-1'")]
    [TestCase("four", "all", "SHARD_COUNT 'four'")]
    [TestCase("4", "0,x", "'x' is not a shard id")]
    [TestCase("4", "3-1", "runs backwards")]
    [TestCase("4", "0,,1", "'' is not a shard id")]
    [TestCase("4", "-1", "'-1' is not a shard id")]
    [TestCase("4", "0-4", "names shard 4, but SHARD_COUNT is 4")]
    [TestCase("auto", "any", "needs REDIS_URL")]
    public void Parse_BadValues_ExplainWhatIsExpected(string count, string ids, string expected) =>
        Assert.That(() => ShardPlan.Parse(count, ids, clustered: false), Throws.InstanceOf<FormatException>().With.Message.Contains(expected));

    [Test]
    public void DescribeIds_NamesTheSelection()
    {
        Assert.That(ShardPlan.Parse("4", "1-2", false).DescribeIds(), Is.EqualTo("1,2"));
        Assert.That(ShardPlan.Parse("4", "any", true).DescribeIds(), Is.EqualTo("any"));
        Assert.That(ShardPlan.Parse("4", null, false).DescribeIds(), Is.EqualTo("all"));
    }
}
