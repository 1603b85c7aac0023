// jest globalSetup: builds lib/kam.js (the compiled command line bin/kam.js runs) from the current sources.
const { buildCli } = require("../../scripts/build-cli.js");

module.exports = async () => {
  buildCli();
};
