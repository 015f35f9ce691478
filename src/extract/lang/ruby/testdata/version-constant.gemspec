# frozen_string_literal: true

require_relative "lib/example_app/version"

Gem::Specification.new do |spec|
  spec.name          = "example_app"
  spec.version       = ExampleApp::VERSION
  spec.authors       = ["Example Author"]
  spec.summary       = "An example whose version lives in a constant"
end
