using FrozenLm.Bench;

return BenchMain.Run(args);
