/** `npm run bench`: every figure the issues name, as ratios to baselines of this run. */
import { printFigures, type Figure } from './report.js';
import { pingThroughputFigure, startupFigure } from './system.js';
import { containerFigures, heapPerContainerFigure } from './containers.js';
import { swarmFigures } from './swarm.js';
import { scenarioFigure } from './scenarios.js';
import { heapPerImageFigure, imageFigures } from './images.js';
import { networkFigures } from './networks.js';
import { streamFigures } from './streams.js';

const figures: Figure[] = [];
figures.push(await startupFigure());
figures.push(await pingThroughputFigure());
figures.push(...(await containerFigures()));
figures.push(await heapPerContainerFigure());
figures.push(...(await swarmFigures()));
figures.push(await scenarioFigure());
figures.push(...(await imageFigures()));
figures.push(await heapPerImageFigure());
figures.push(...(await networkFigures()));
figures.push(...(await streamFigures()));
printFigures(figures);
