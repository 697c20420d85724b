using AndyAI.Host.Cogs;

namespace AndyAI.Host.Tests.Cogs;

public sealed class StagedRegistrationsTests
{
    private RecordingTarget _target = null!;
    private StagedRegistrations<Item> _sut = null!;

    [SetUp]
    public void CreateSut()
    {
        _target = new RecordingTarget();
        _sut = new StagedRegistrations<Item>("items", _target);
    }

    [Test]
    public void Add_BeforeActivate_IsStagedNotLive()
    {
        _sut.Add(new Item("a"));

        Assert.That(_target.Live, Is.Empty);
        Assert.That(_sut.Items.Select(item => item.Name), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void Activate_Staged_PublishesAllInOneCallAndReturnsTheCount()
    {
        _sut.Add(new Item("a"));
        _sut.Add(new Item("b"));

        int live = _sut.Activate();

        Assert.That(live, Is.EqualTo(2));
        Assert.That(_target.Calls, Is.EqualTo(new[] { "publish a,b" }));
    }

    [Test]
    public void Activate_TargetRefuses_StaysStagedAndCanBeActivatedLater()
    {
        _sut.Add(new Item("a"));
        _target.Refuse = true;

        Assert.That(() => _sut.Activate(), Throws.InvalidOperationException);
        _target.Refuse = false;

        Assert.That(_sut.Activate(), Is.EqualTo(1));
        Assert.That(_target.Live.Select(item => item.Name), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void Activate_Twice_Throws()
    {
        _sut.Activate();

        Assert.That(() => _sut.Activate(), Throws.InvalidOperationException);
    }

    [Test]
    public void EnsureCanActivate_TargetWouldRefuse_ThrowsWithoutPublishing()
    {
        _sut.Add(new Item("a"));
        _target.Refuse = true;

        Assert.That(_sut.EnsureCanActivate, Throws.InvalidOperationException);
        Assert.That(_target.Calls, Is.EqualTo(new[] { "check a" }));
    }

    [Test]
    public void Add_AfterActivate_GoesLiveAtOnce()
    {
        _sut.Activate();

        _sut.Add(new Item("late"));

        Assert.That(_target.Live.Select(item => item.Name), Is.EqualTo(new[] { "late" }));
    }

    [Test]
    public void Add_AfterActivateTargetRefuses_IsNotKept()
    {
        _sut.Activate();
        _target.Refuse = true;

        Assert.That(() => _sut.Add(new Item("late")), Throws.InvalidOperationException);
        Assert.That(_sut.Items, Is.Empty);
    }

    [Test]
    public void Deactivate_Live_WithdrawsEverythingAndReturnsWhatTheTargetRemoved()
    {
        _sut.Add(new Item("a"));
        _sut.Activate();
        _sut.Add(new Item("b"));

        int removed = _sut.Deactivate();

        Assert.That(removed, Is.EqualTo(2));
        Assert.That(_target.Live, Is.Empty);
        Assert.That(_sut.Items, Is.Empty);
    }

    [Test]
    public void Deactivate_NeverActivated_ForgetsTheStagedWithoutCallingTheTarget()
    {
        _sut.Add(new Item("a"));

        int removed = _sut.Deactivate();

        Assert.That(removed, Is.Zero);
        Assert.That(_target.Calls, Is.Empty);
        Assert.That(_sut.Items, Is.Empty);
    }

    [Test]
    public void Add_AfterDeactivate_IsRefusedAndNeverGoesLive()
    {
        _sut.Activate();
        _sut.Deactivate();

        bool kept = _sut.Add(new Item("late"));

        Assert.That(kept, Is.False);
        Assert.That(_sut.Items, Is.Empty);
        Assert.That(_target.Live, Is.Empty);
        Assert.That(() => _sut.Activate(), Throws.InvalidOperationException);
    }

    [Test]
    public void Deactivate_Twice_SecondRemovesNothing()
    {
        _sut.Add(new Item("a"));
        _sut.Activate();
        _sut.Deactivate();

        Assert.That(_sut.Deactivate(), Is.Zero);
        Assert.That(_target.Calls, Is.EqualTo(new[] { "publish a", "withdraw a" }));
    }

    [Test]
    public void Remove_Live_WithdrawsOnlyThatItemComparedByReference()
    {
        var first = new Item("same");
        var second = new Item("same"); // equal by value, a different registration
        _sut.Add(first);
        _sut.Add(second);
        _sut.Activate();

        bool removed = _sut.Remove(second);

        Assert.That(removed, Is.True);
        Assert.That(_sut.Items.Single(), Is.SameAs(first));
        Assert.That(_target.Live.Single(), Is.SameAs(first));
    }

    [Test]
    public void Remove_Staged_ForgetsItWithoutCallingTheTarget()
    {
        var item = new Item("a");
        _sut.Add(item);

        Assert.That(_sut.Remove(item), Is.True);
        Assert.That(_sut.Remove(item), Is.False);
        Assert.That(_sut.Activate(), Is.Zero);
        Assert.That(_target.Calls, Is.EqualTo(new[] { "publish " }));
    }

    private sealed record Item(string Name);

    /// <summary>A target that records each call and the live set, and refuses on demand as a name conflict would.</summary>
    private sealed class RecordingTarget : IRegistrationTarget<Item>
    {
        public List<Item> Live { get; } = [];

        public List<string> Calls { get; } = [];

        public bool Refuse { get; set; }

        public void EnsureCanPublish(IReadOnlyList<Item> items)
        {
            Calls.Add("check " + Names(items));
            ThrowIfRefusing();
        }

        public void Publish(IReadOnlyList<Item> items)
        {
            ThrowIfRefusing();
            Calls.Add("publish " + Names(items));
            Live.AddRange(items);
        }

        public void Add(Item item)
        {
            ThrowIfRefusing();
            Calls.Add("add " + item.Name);
            Live.Add(item);
        }

        public int Withdraw(IReadOnlyList<Item> items)
        {
            Calls.Add("withdraw " + Names(items));
            return Live.RemoveAll(live => items.Any(item => ReferenceEquals(item, live)));
        }

        private static string Names(IReadOnlyList<Item> items) => string.Join(",", items.Select(item => item.Name));

        private void ThrowIfRefusing()
        {
            if (Refuse)
            {
                throw new InvalidOperationException("taken by another cog");
            }
        }
    }
}
