import ArgumentParser
@main struct Reshore: ParsableCommand {}
