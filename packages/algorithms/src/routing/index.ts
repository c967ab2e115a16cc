/** Route optimisation: instances, benchmark parsers, construction, local search and the solver. */
export { cloneRoutes, type RoutingInstance, type RoutingSolution, type Routes, type TimeWindows } from './model.js';
export { euclideanMatrix, instanceFromCoordinates, type CoordinateInstanceInput, type DistanceConvention } from './distance.js';
export { parseVrplib } from './vrplib-parse.js';
export { parseSolomon } from './solomon-parse.js';
export { checkSolution, routeDistance, routeLoad, routeTimeFeasible, solutionCost } from './solution-check.js';
export { clarkeWrightSavings } from './savings.js';
export { insertCustomers, insertionConstruction } from './insertion.js';
export { localSearch, nearestNeighbours } from './local-search.js';
export { orOptDelta, applyOrOpt } from './operators/or-opt.js';
export { relocateDelta, applyRelocate } from './operators/relocate.js';
export { swapDelta, applySwap } from './operators/swap.js';
export { twoOptDelta, applyTwoOpt } from './operators/two-opt.js';
export { twoOptStarDelta, applyTwoOptStar } from './operators/two-opt-star.js';
export { adjacencyLists, ruinRecreate, defaultRuinRecreateParams, type RuinRecreateParams } from './ruin-recreate.js';
export { solveRouting, type SolveRoutingOptions, type RoutingResult } from './solve.js';
export { parseCvrplibSolution, formatCvrplibSolution } from './sol-parse.js';
export { solveVehiclesFirst, betterVehiclesFirst } from './vehicles-first.js';
export { haversineMatrix, matrixFromRows } from './distance.js';
export {
  checkFleetSolution, fleetInstance, fleetRouteCost, fleetRouteDistance, fleetRouteEnd, fleetRouteFeasible, fleetRouteLoad, fleetSolutionCost,
  MANDATORY_MISS_PENALTY, type FleetInput, type FleetInstance, type FleetSolution, type FleetVehicle,
} from './fleet.js';
export { fleetRelocateDelta, fleetSwapDelta, fleetTwoOptDelta, applyFleetRelocate, applyFleetSwap, applyFleetTwoOpt } from './fleet-moves.js';
export { solveFleet, fleetInsert, fleetLocalSearch, type FleetSolveOptions, type FleetResult } from './fleet-solve.js';
export { fleetExchangeDelta, fleetMergeDelta, exchangedRoutes, mergedRoutes } from './fleet-moves.js';
export { syntheticDeliveryDay, type SyntheticDayOptions } from './synthetic-day.js';
