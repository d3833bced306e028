namespace CronLock.IntegrationTests.Packaging;

/// <summary>
/// The GitHub workflows (CI on every push, the release on a tag) cannot run here. What can be checked is: that
/// GitHub would accept them (action-validator, against GitHub's published schema; scripts/test.sh installs it and
/// names it in CRONLOCK_WORKFLOW_VALIDATOR), and that they build with the scripts these tests exercise.
/// </summary>
public sealed class WorkflowFilesTests
{
    [Theory]
    [InlineData(".github/workflows/ci.yml")]
    [InlineData(".github/workflows/release.yml")]
    public async Task Workflow_IsValidForGitHub(string workflow)
    {
        var validator = Environment.GetEnvironmentVariable("CRONLOCK_WORKFLOW_VALIDATOR");
        Assert.False(string.IsNullOrEmpty(validator),
            "CRONLOCK_WORKFLOW_VALIDATOR is not set: run the tests with scripts/test.sh, which installs action-validator (npm) and sets it.");

        var result = await ToolProcess.RunAsync(validator, [Repository.File(workflow)], TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, $"action-validator refused {workflow}:\n{result}");
    }

    [Fact]
    public void CiWorkflow_RunsTheTestCommandOfTheReadme()
    {
        var ci = File.ReadAllText(Repository.File(".github/workflows/ci.yml"));

        Assert.Contains("run: bash .ci/run", ci, StringComparison.Ordinal);
        Assert.Contains("scripts/test.sh", File.ReadAllText(Repository.File(".ci/run")), StringComparison.Ordinal);
        // CI runs everything: the release checks that --fast leaves out included.
        Assert.DoesNotContain("--fast", File.ReadAllText(Repository.File(".ci/run")), StringComparison.Ordinal);
    }

    [Fact]
    public void ReleaseWorkflow_BuildsEveryPlatformWithTheTestedScript_AndPublishesSums()
    {
        var release = File.ReadAllText(Repository.File(".github/workflows/release.yml"));

        Assert.Contains("tags: ['v*']", release, StringComparison.Ordinal);
        Assert.Contains("- rid: linux-x64", release, StringComparison.Ordinal);
        Assert.Contains("- rid: linux-arm64", release, StringComparison.Ordinal);
        Assert.Contains("bash packaging/build-release.sh --rid ${{ matrix.rid }} --output dist", release, StringComparison.Ordinal);
        Assert.Contains("bash packaging/build-release.sh --rid linux-musl-x64 --output dist", release, StringComparison.Ordinal);
        Assert.Contains("sha256sum -- * > SHA256SUMS", release, StringComparison.Ordinal);
    }
}
