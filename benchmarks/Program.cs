using Bench.Benchmarks.Cli;

return await BenchCli.RunAsync(args, Console.Out, Console.Error);
